package io.herald.dispatcher.send.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.junit.jupiter.api.Test;

class SmsAddressTest {

    @Test
    void e164SenderIsInternationalIsdnWithoutPlus() {
        // given / when
        SmsAddress address = SmsAddress.source("+4791234567");
        // then
        assertThat(address).isEqualTo(new SmsAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                "4791234567"));
    }

    @Test
    void shortCodeOfUpToEightDigitsIsNetworkSpecific() {
        // given / when / then
        assertThat(SmsAddress.source("2222")).isEqualTo(new SmsAddress(TypeOfNumber.NETWORK_SPECIFIC,
                NumberingPlanIndicator.UNKNOWN, "2222"));
        assertThat(SmsAddress.source("12345678").ton()).isEqualTo(TypeOfNumber.NETWORK_SPECIFIC);
        assertThat(SmsAddress.source("123456789").ton()).isEqualTo(TypeOfNumber.INTERNATIONAL);
    }

    @Test
    void alphanumericSenderIsTonFiveNpiZero() {
        // given / when
        SmsAddress address = SmsAddress.source("Herald");
        // then
        assertThat(address).isEqualTo(new SmsAddress(TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN,
                "Herald"));
        assertThat(SmsAddress.source("+47abc").ton()).isEqualTo(TypeOfNumber.ALPHANUMERIC);
    }

    @Test
    void everySenderKindIngestAcceptsMapsToItsTonAndNpi() {
        // given senders of each kind, as ingest's SenderId accepts them (io.herald.sms.SenderKind)
        // when / then
        assertThat(SmsAddress.source("HERALD NEWS")).isEqualTo(new SmsAddress(TypeOfNumber.ALPHANUMERIC,
                NumberingPlanIndicator.UNKNOWN, "HERALD NEWS"));
        assertThat(SmsAddress.source("Ærlig AS").ton()).isEqualTo(TypeOfNumber.ALPHANUMERIC);
        assertThat(SmsAddress.source("1").ton()).isEqualTo(TypeOfNumber.NETWORK_SPECIFIC);
        assertThat(SmsAddress.source("+123456789012345")).isEqualTo(new SmsAddress(TypeOfNumber.INTERNATIONAL,
                NumberingPlanIndicator.ISDN, "123456789012345"));
    }

    @Test
    void destinationIsInternationalIsdnWithoutPlus() {
        // given / when
        SmsAddress address = SmsAddress.destination("+4791234567");
        // then
        assertThat(address.ton()).isEqualTo(TypeOfNumber.INTERNATIONAL);
        assertThat(address.npi()).isEqualTo(NumberingPlanIndicator.ISDN);
        assertThat(address.address()).isEqualTo("4791234567");
        assertThat(address.toString()).doesNotContain("4791234567");
    }
}
