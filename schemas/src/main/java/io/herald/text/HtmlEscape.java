package io.herald.text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Escapes text for an HTML body, so that a recipient's variables rendered into an {@code html} template are shown as
 * text and never parsed as markup: {@code & < > " '} become character references (the five the OWASP XSS prevention
 * rules name for element content and quoted attribute values). Used by ingest for e-mail batches' {@code html}, and by
 * the demo to check what arrived. Thread-safe (stateless).
 */
public final class HtmlEscape {

    private HtmlEscape() {
    }

    /**
     * @param text any text, or null
     * @return the text with {@code &}, {@code <}, {@code >}, {@code "} and {@code '} replaced by {@code &amp;},
     *     {@code &lt;}, {@code &gt;}, {@code &quot;} and {@code &#39;}; null for null
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String reference = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (reference != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (reference != null) {
                    out.append(reference);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * @param vars a recipient's variables, or null
     * @return a copy with every value escaped by {@link #text}; null for null
     */
    public static Map<String, String> values(Map<String, String> vars) {
        if (vars == null) {
            return null;
        }
        Map<String, String> escaped = new LinkedHashMap<>(vars.size() * 2);
        vars.forEach((name, value) -> escaped.put(name, text(value)));
        return escaped;
    }
}
