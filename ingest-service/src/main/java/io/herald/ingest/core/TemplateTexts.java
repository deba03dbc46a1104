package io.herald.ingest.core;

import io.herald.ingest.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/** The checks of a template text, shared by {@code POST /v1/batches} ({@code text}) and {@code PUT /v1/templates}. */
public final class TemplateTexts {

    private TemplateTexts() {
    }

    /**
     * Parses a template text and checks it: present, not blank, free of control characters other than tab, CR and LF
     * (NUL, ESC, DEL …: no SMS or e-mail text carries them) and of unpaired UTF-16 surrogates (from {@code \uD800}
     * escapes), valid {@link MessageTemplate} syntax, and at most {@code maxTextLength} characters (Unicode code
     * points) outside its placeholders.
     *
     * @param text the text, or null
     * @param pointer the JSON Pointer the errors name, e.g. {@code /text}
     * @param maxTextLength the most characters a rendered text may have
     * @param errors where the errors are added
     * @return the parsed template, or null if it could not be parsed (an error was added); a template that parses but
     *     is too long is returned with an error added
     */
    static MessageTemplate check(String text, String pointer, int maxTextLength, List<FieldError> errors) {
        if (text == null) {
            errors.add(new FieldError(pointer, "is required"));
            return null;
        }
        if (text.isBlank()) {
            errors.add(new FieldError(pointer, "must not be blank"));
            return null;
        }
        String bad = badCharacter(text);
        if (bad != null) {
            errors.add(new FieldError(pointer, bad));
            return null;
        }
        MessageTemplate template;
        try {
            template = MessageTemplate.parse(text);
        } catch (InvalidTemplateException e) {
            errors.add(new FieldError(pointer, e.getMessage()));
            return null;
        }
        if (template.literalLength() > maxTextLength) {
            errors.add(new FieldError(pointer, "has " + template.literalLength()
                    + " characters outside placeholders, more than the maximum " + maxTextLength));
        }
        return template;
    }

    /**
     * @param text a text
     * @return what is wrong with its first control character (other than tab, CR, LF) or unpaired surrogate, or null
     */
    public static String badCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
                return String.format("contains the control character U+%04X at offset %d", (int) c, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("contains an unpaired UTF-16 surrogate U+%04X at offset %d", (int) c, i);
            }
        }
        return null;
    }

    /**
     * Checks a template text for {@code PUT /v1/templates/{id}}.
     *
     * @param text the text, or null
     * @param maxTextLength the most characters a rendered text may have
     * @return the errors, with pointer {@code /text}; empty if the text is valid
     */
    public static List<FieldError> problems(String text, int maxTextLength) {
        List<FieldError> errors = new ArrayList<>();
        check(text, "/text", maxTextLength, errors);
        return errors;
    }
}
