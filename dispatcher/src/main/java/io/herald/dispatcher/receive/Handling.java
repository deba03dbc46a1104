package io.herald.dispatcher.receive;

import java.util.concurrent.CompletionStage;

/**
 * How far the handling of one record has come, as two stages.
 *
 * @param released completes when the record's key (its recipient) may go on to its next record: with
 *     {@code ordering=accepted}, once the gateway accepted the message (or the outcome is otherwise decided) and the
 *     records that report the outcome were handed to the producer, in order; with {@code ordering=strict}, as
 *     {@code completed} does. It may complete exceptionally; the key goes on all the same.
 * @param completed completes when the record has <em>completed</em>: its outcome was acknowledged by Kafka, so its
 *     offset may be committed. It completes exceptionally only if the outcome could not be recorded; the record must
 *     then not be committed.
 */
public record Handling(CompletionStage<?> released, CompletionStage<?> completed) {

    /**
     * @param completed the completion stage
     * @return a handling that releases its key only when it completes ({@code ordering=strict})
     */
    public static Handling whole(CompletionStage<?> completed) {
        return new Handling(completed, completed);
    }
}
