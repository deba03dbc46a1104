package io.herald.ingest.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/**
 * The JSON Pointers (RFC 6901) that problems and rejections name: one place that writes them, with the {@code ~0}
 * and {@code ~1} escapes of §3.
 */
public final class JsonPointers {

    private JsonPointers() {
    }

    /**
     * @param path the path of a Jackson mapping error (a field name or an array index per step)
     * @return its pointer, e.g. {@code /recipients/3/vars/code}; {@code ""} for the document's root (a step with
     *     neither name nor index adds only its {@code /})
     */
    public static String of(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            pointer.append('/');
            if (reference.getFieldName() != null) {
                pointer.append(escape(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                pointer.append(reference.getIndex());
            }
        }
        return pointer.toString();
    }

    /**
     * @param index a recipient's index in the batch's {@code recipients}, from 0
     * @return {@code /recipients/<index>}
     */
    public static String recipient(int index) {
        return "/recipients/" + index;
    }

    /**
     * @param index a recipient's index in the batch's {@code recipients}, from 0
     * @param field a field of the recipient, e.g. {@code to}
     * @return {@code /recipients/<index>/<field>}, the field escaped
     */
    public static String recipient(int index, String field) {
        return recipient(index) + "/" + escape(field);
    }

    /**
     * @param token a reference token: a field name
     * @return it escaped per RFC 6901 §3: {@code ~} as {@code ~0}, {@code /} as {@code ~1}
     */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
