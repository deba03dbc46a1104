package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource({
        "ola@example.com, ola@example.com",
        "Ola.Nordmann@Example.COM, ola.nordmann@example.com",
        "'  kari+news@mail.example.no ', kari+news@mail.example.no",
        "o'brien@example.ie, o'brien@example.ie",
        "ola@dæmo.no, ola@xn--dmo-yla.no",
        "x@a-b.io, x@a-b.io"
    })
    void normalizesValidAddressesToLowerCase(String given, String expected) {
        EmailAddress.Result result = EmailAddress.normalize(given);

        assertThat(result.isValid()).as(result.reason()).isTrue();
        assertThat(result.address()).isEqualTo(expected);
        assertThat(result.reason()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not-an-address|needs a local part and a domain",
        "@example.com|needs a local part and a domain",
        "ola@|needs a local part and a domain",
        "ola@localhost|no domain with a dot",
        "ola@example..com|invalid domain",
        "ola@-example.com|invalid domain",
        "ola@example.123|top-level label is all digits",
        "ola@[192.168.0.1]|invalid domain",
        "Ola <ola@example.com>|not a bare e-mail address",
        "ola nordmann@example.com|not a bare e-mail address",
        "bjørn@example.no|non-ASCII local part",
        "a@b@example.com|not an e-mail address",
        "ola@exa_mple.com|invalid domain"
    })
    void rejectsInvalidAddressesWithAReason(String given, String reasonPart) {
        EmailAddress.Result result = EmailAddress.normalize(given);

        assertThat(result.isValid()).isFalse();
        assertThat(result.address()).isNull();
        assertThat(result.reason()).contains(reasonPart);
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 255})
    void rejectsOverlongAddresses(int localLength) {
        String address = "a".repeat(localLength) + "@example.com";

        assertThat(EmailAddress.normalize(address).reason()).containsAnyOf("local part of " + localLength,
                "more than " + EmailAddress.MAX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"noreply@herald.dev", "Herald <noreply@herald.dev>", "\"Herald, Inc.\" <a@b.io>",
        "Grüße <x@example.de>"})
    void acceptsSendersWithOrWithoutADisplayName(String from) {
        assertThat(EmailAddress.senderProblem(from)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HERALD", "Herald <noreply>", "a@b.io, c@d.io", "Herald <noreply@herald.dev"})
    void rejectsSendersThatAreNotOneAddress(String from) {
        assertThat(EmailAddress.senderProblem(from)).isPresent();
    }

    @org.junit.jupiter.api.Test
    void rejectsAMissingSenderOrOneWithALineBreak() {
        assertThat(EmailAddress.senderProblem(null)).get().asString().contains("is required");
        assertThat(EmailAddress.senderProblem("x@example.com\r\nBcc: victim@example.com")).isPresent();
    }
}
