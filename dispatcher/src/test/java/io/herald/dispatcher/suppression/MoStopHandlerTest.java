package io.herald.dispatcher.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsmpp.bean.TypeOfNumber;
import org.junit.jupiter.api.Test;

class MoStopHandlerTest {

    @Test
    void internationalSourceAddressBecomesE164() {
        assertThat(MoStopHandler.e164(TypeOfNumber.INTERNATIONAL.value(), "4791234567")).contains("+4791234567");
        assertThat(MoStopHandler.e164(TypeOfNumber.INTERNATIONAL.value(), "+4791234567")).contains("+4791234567");
    }

    @Test
    void unknownTonIsTakenOnlyWithALeadingPlus() {
        assertThat(MoStopHandler.e164(TypeOfNumber.UNKNOWN.value(), "+4791234567")).contains("+4791234567");
        assertThat(MoStopHandler.e164(TypeOfNumber.UNKNOWN.value(), "4791234567")).isEmpty();
    }

    @Test
    void nationalShortCodeAlphanumericAndMalformedAddressesAreNotResolved() {
        assertThat(MoStopHandler.e164(TypeOfNumber.NATIONAL.value(), "91234567")).isEmpty();
        assertThat(MoStopHandler.e164(TypeOfNumber.NETWORK_SPECIFIC.value(), "2222")).isEmpty();
        assertThat(MoStopHandler.e164(TypeOfNumber.ALPHANUMERIC.value(), "Herald")).isEmpty();
        assertThat(MoStopHandler.e164(TypeOfNumber.INTERNATIONAL.value(), "47-912")).isEmpty();
        assertThat(MoStopHandler.e164(TypeOfNumber.INTERNATIONAL.value(), "1234567890123456")).isEmpty();
        assertThat(MoStopHandler.e164(TypeOfNumber.INTERNATIONAL.value(), null)).isEmpty();
    }
}
