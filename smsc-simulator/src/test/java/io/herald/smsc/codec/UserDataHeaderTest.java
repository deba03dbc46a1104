package io.herald.smsc.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserDataHeaderTest {

    @Test
    void shouldReadAnEightBitReferenceConcatenationIe() throws Exception {
        // given
        byte[] userData = {0x05, 0x00, 0x03, (byte) 0xCC, 0x03, 0x02, 'h', 'i'};

        // when
        UserDataHeader udh = UserDataHeader.parse(userData);

        // then
        assertThat(udh.length()).isEqualTo(6);
        assertThat(udh.concatenation()).isEqualTo(new Concatenation(0xCC, 3, 2));
    }

    @Test
    void shouldReadASixteenBitReferenceConcatenationIeAfterAnotherIe() throws Exception {
        // given: a port addressing IE (0x05, 4 octets) first, then IEI 0x08
        byte[] userData = {0x0C, 0x05, 0x04, 0x0B, (byte) 0x84, 0x00, 0x00, 0x08, 0x04, (byte) 0xAB, (byte) 0xCD,
            0x04, 0x04};

        // when
        UserDataHeader udh = UserDataHeader.parse(userData);

        // then
        assertThat(udh.length()).isEqualTo(13);
        assertThat(udh.concatenation()).isEqualTo(new Concatenation(0xABCD, 4, 4));
    }

    @Test
    void shouldIgnoreAConcatenationIeWithAPartNumberAboveTheTotal() throws Exception {
        // when
        UserDataHeader udh = UserDataHeader.parse(new byte[] {0x05, 0x00, 0x03, 0x01, 0x02, 0x03});

        // then: 3GPP TS 23.040 §9.2.3.24.1, the receiver ignores the IE
        assertThat(udh.concatenation()).isNull();
    }

    @Test
    void shouldRefuseAHeaderLongerThanTheUserData() {
        assertThatThrownBy(() -> UserDataHeader.parse(new byte[] {0x05, 0x00, 0x03}))
                .isInstanceOf(InvalidShortMessageException.class)
                .extracting(e -> ((InvalidShortMessageException) e).commandStatus())
                .isEqualTo(0x01);
    }

    @Test
    void shouldRefuseAnIeRunningPastTheHeader() {
        assertThatThrownBy(() -> UserDataHeader.parse(new byte[] {0x03, 0x00, 0x03, 0x01, 0x02, 0x01}))
                .isInstanceOf(InvalidShortMessageException.class);
    }
}
