package io.herald.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON Pointers per RFC 6901, built in one place. */
class JsonPointersTest {

    @Test
    void escapesTildeAndSlashInReferenceTokens() {
        assertThat(JsonPointers.escape("a/b~c")).isEqualTo("a~1b~0c");
        assertThat(JsonPointers.recipient(3, "to")).isEqualTo("/recipients/3/to");
        assertThat(JsonPointers.recipient(0, "x/y")).isEqualTo("/recipients/0/x~1y");
        assertThat(JsonPointers.recipient(7)).isEqualTo("/recipients/7");
    }

    @Test
    void followsAJacksonPathOfFieldsAndIndexes() {
        List<JsonMappingException.Reference> path = List.of(new JsonMappingException.Reference(null, "recipients"),
                new JsonMappingException.Reference(null, 2), new JsonMappingException.Reference(null, "vars"),
                new JsonMappingException.Reference(null, "a~/b"));

        assertThat(JsonPointers.of(path)).isEqualTo("/recipients/2/vars/a~0~1b");
        assertThat(JsonPointers.of(List.of())).isEmpty();
    }
}
