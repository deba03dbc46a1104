package io.herald.ingest.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message text with placeholders, parsed once per batch and rendered once per recipient.
 *
 * <p>Syntax:
 * <ul>
 *   <li>{@code {{name}}} is replaced by the recipient's variable {@code name}. A name is one or more ASCII letters,
 *       digits, {@code _}, {@code .} or {@code -}; whitespace around it inside the braces is allowed
 *       ({@code {{ name }}}). Names are case-sensitive.</li>
 *   <li>{@code \{{} is a literal {@code {{}: {@code \{{name}}} renders as {@code {{name}}}. A backslash anywhere else
 *       is an ordinary character, and so is a lone {@code {}, {@code }} or {@code }}}.</li>
 *   <li>Any other {@code {{} (no closing {@code }}}, or an invalid name such as {@code {{ }}} or {@code {{a b}}}) makes
 *       the template invalid, so that a typo never reaches a phone.</li>
 * </ul>
 * Rendering is plain substitution: values are inserted as they are and never parsed again, so a value that contains
 * {@code {{x}}} stays as written, and nothing in a template or a value is evaluated. Instances are immutable and
 * thread-safe.
 */
public final class MessageTemplate {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";
    private static final String ESCAPED_OPEN = "\\{{";

    private final List<Part> parts;
    private final int literalCodePoints;

    private MessageTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
        this.literalCodePoints = this.parts.stream()
                .filter(Literal.class::isInstance)
                .mapToInt(part -> ((Literal) part).text().codePointCount(0, ((Literal) part).text().length()))
                .sum();
    }

    /**
     * Parses a template.
     *
     * @param text the template, not null
     * @return the parsed template
     * @throws InvalidTemplateException if a {@code {{} is not closed or names no valid variable; the message gives the
     *     offset (UTF-16 index, from 0) of that {@code {{}
     */
    public static MessageTemplate parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith(ESCAPED_OPEN, i)) {
                literal.append(OPEN);
                i += ESCAPED_OPEN.length();
            } else if (text.startsWith(OPEN, i)) {
                int close = text.indexOf(CLOSE, i + OPEN.length());
                if (close < 0) {
                    throw new InvalidTemplateException("unclosed placeholder at offset " + i
                            + " (write \\{{ for literal braces)");
                }
                String name = text.substring(i + OPEN.length(), close).strip();
                if (!NAME.matcher(name).matches()) {
                    throw new InvalidTemplateException("invalid placeholder name at offset " + i
                            + ": use letters, digits, '_', '.' or '-' (write \\{{ for literal braces)");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Placeholder(name));
                i = close + CLOSE.length();
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new MessageTemplate(parts);
    }

    /**
     * Renders the template for one recipient.
     *
     * @param vars the recipient's variables; may be null when the template has no placeholders; a variable whose
     *     value is null counts as missing; variables the template does not use are ignored
     * @return the text with every placeholder replaced
     * @throws MissingVariableException if a placeholder has no value; it names the first such placeholder
     */
    public String render(Map<String, String> vars) {
        return render(vars, Integer.MAX_VALUE);
    }

    /**
     * Renders the template for one recipient, stopping as soon as the text passes a length: a template that repeats a
     * placeholder with a long value cannot make one recipient's text (and the heap) grow past it.
     *
     * @param vars the recipient's variables, as for {@link #render(Map)}
     * @param maxChars the most UTF-16 chars the text may have
     * @return the text with every placeholder replaced, at most {@code maxChars} chars
     * @throws MissingVariableException if a placeholder has no value; it names the first such placeholder
     * @throws RenderedTooLongException as soon as the text would pass {@code maxChars}
     */
    public String render(Map<String, String> vars, int maxChars) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            String piece;
            if (part instanceof Literal literal) {
                piece = literal.text();
            } else {
                String name = ((Placeholder) part).name();
                piece = vars == null ? null : vars.get(name);
                if (piece == null) {
                    throw new MissingVariableException(name);
                }
            }
            if (piece.length() > maxChars - out.length()) {
                throw new RenderedTooLongException(maxChars);
            }
            out.append(piece);
        }
        return out.toString();
    }

    /** A rendered text would pass the length it may have; rendering stopped there. */
    public static final class RenderedTooLongException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RenderedTooLongException(int maxChars) {
            super("rendered past " + maxChars + " chars", null, false, false);
        }
    }

    /** @return the names of the placeholders, in order of first use */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part instanceof Placeholder placeholder) {
                names.add(placeholder.name());
            }
        }
        return names;
    }

    /**
     * @return how many characters (Unicode code points) the template has outside its placeholders, after unescaping:
     *     a lower bound of every rendered text's length
     */
    public int literalLength() {
        return literalCodePoints;
    }

    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(String name) implements Part {
    }
}
