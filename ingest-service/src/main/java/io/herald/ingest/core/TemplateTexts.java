package io.herald.ingest.core;

import io.herald.ingest.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/** The checks of a template text, shared by {@code POST /v1/batches} ({@code text}) and {@code PUT /v1/templates}. */
public final class TemplateTexts {

    private TemplateTexts() {
    }

    /**
     * Parses a template text and checks it: present, not blank, valid {@link MessageTemplate} syntax, and at most
     * {@code maxTextLength} characters (Unicode code points) outside its placeholders.
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
