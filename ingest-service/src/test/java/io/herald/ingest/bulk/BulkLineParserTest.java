package io.herald.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkLineParserTest {

    private final BulkLineParser parser = new BulkLineParser();

    @Test
    void shouldReadAJsonLineWithEveryField() {
        // when
        ParsedLine parsed = parser.parse("{\"batchId\":\"b1\",\"to\":\"+4791234567\",\"template\":\"otp\","
                + "\"vars\":{\"code\":42,\"ok\":true},\"from\":\"SHOP\",\"sendAt\":\"2026-11-28T10:00:00Z\","
                + "\"clientReference\":\"r1\"}", null);

        // then
        assertThat(parsed).isInstanceOf(ParsedLine.Recipient.class);
        BulkLine line = ((ParsedLine.Recipient) parsed).line();
        assertThat(line.batchId()).isEqualTo("b1");
        assertThat(line.template()).isEqualTo("otp");
        assertThat(line.vars()).isEqualTo(Map.of("code", "42", "ok", "true"));
        assertThat(line.from()).isEqualTo("SHOP");
        assertThat(line.sendAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
        assertThat(line.clientReference()).isEqualTo("r1");
    }

    @Test
    void shouldRejectAnUnknownFieldAndKeepTheBatchId() {
        ParsedLine parsed = parser.parse("{\"batchId\":\"b1\",\"to\":\"+4791234567\",\"txt\":\"Hi\"}", null);

        assertThat(parsed).isEqualTo(new ParsedLine.Unreadable("unknown field 'txt'; the fields are "
                + String.join(", ", BulkLine.FIELDS), "/txt", "b1"));
    }

    @Test
    void shouldRejectADuplicateKey() {
        ParsedLine parsed = parser.parse("{\"batchId\":\"b1\",\"to\":\"+4791234567\",\"to\":\"+4791234568\","
                + "\"text\":\"Hi\"}", null);

        assertThat(parsed).isInstanceOf(ParsedLine.Unreadable.class);
        ParsedLine.Unreadable unreadable = (ParsedLine.Unreadable) parsed;
        assertThat(unreadable.reason()).isEqualTo("duplicate field 'to'");
        assertThat(unreadable.pointer()).isEqualTo("/to");
        assertThat(unreadable.batchId()).isEqualTo("b1");
    }

    @Test
    void shouldRejectBrokenJsonAndAWrongInstantAndTrailingTokens() {
        ParsedLine broken = parser.parse("{\"batchId\":\"b1\",\"to\":", null);
        ParsedLine instant = parser.parse("{\"batchId\":\"b1\",\"sendAt\":\"tomorrow\"}", null);
        ParsedLine trailing = parser.parse("{\"batchId\":\"b1\"} {}", null);
        ParsedLine nestedVar = parser.parse("{\"batchId\":\"b1\",\"vars\":{\"a\":{\"b\":1}}}", null);

        assertThat(broken).isInstanceOf(ParsedLine.Unreadable.class);
        assertThat(((ParsedLine.Unreadable) broken).reason()).startsWith("not valid JSON");
        assertThat(((ParsedLine.Unreadable) broken).batchId()).isNull();
        assertThat(instant).isEqualTo(new ParsedLine.Unreadable(
                "must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z", "/sendAt", "b1"));
        assertThat(trailing).isInstanceOf(ParsedLine.Unreadable.class);
        assertThat(((ParsedLine.Unreadable) nestedVar).pointer()).isEqualTo("/vars/a");
    }

    @Test
    void shouldReadCsvUnderItsHeaderWithExtraColumnsAsVariables() {
        // given
        ParsedLine header = parser.parse("\uFEFFbatchId,to,text,name,sendAt", null);
        assertThat(header).isEqualTo(new ParsedLine.Header(new CsvHeader(
                List.of("batchId", "to", "text", "name", "sendAt"))));
        CsvHeader columns = ((ParsedLine.Header) header).header();

        // when
        ParsedLine row = parser.parse("b1,+4791234567,\"Hi {{name}}, welcome\",\"Ola \"\"O\"\"\",", columns);
        ParsedLine short1 = parser.parse("b1,+4791234567", columns);
        ParsedLine badTime = parser.parse("b1,+4791234567,Hi,Ola,soon", columns);

        // then
        BulkLine line = ((ParsedLine.Recipient) row).line();
        assertThat(line.batchId()).isEqualTo("b1");
        assertThat(line.text()).isEqualTo("Hi {{name}}, welcome");
        assertThat(line.vars()).isEqualTo(Map.of("name", "Ola \"O\""));
        assertThat(line.sendAt()).isNull();
        assertThat(short1).isEqualTo(new ParsedLine.Unreadable("CSV line has 2 cells, the header has 5", "", "b1"));
        assertThat(badTime).isEqualTo(new ParsedLine.Unreadable(
                "must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z", "/sendAt", "b1"));
    }

    @Test
    void shouldRejectCsvWithoutAHeaderAndBadHeaders() {
        assertThat(((ParsedLine.Unreadable) parser.parse("b1,+4791234567,Hi", null)).reason())
                .startsWith("CSV line without a header line");
        assertThat(((ParsedLine.Unreadable) parser.parse("batchId,to,to", null)).reason())
                .isEqualTo("CSV header names column 'to' twice");
        assertThat(((ParsedLine.Unreadable) parser.parse("batchId,text", null)).reason())
                .isEqualTo("CSV header has no column 'to'");
        assertThat(((ParsedLine.Unreadable) parser.parse("   ", null)).reason()).isEqualTo("blank line");
        assertThat(((ParsedLine.Unreadable) parser.parse(null, null)).reason()).isEqualTo("empty record (no value)");
    }
}
