package io.herald.dispatcher.send;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A gateway (our port) that answers from a script and records what it was asked to send; with the script empty it
 * answers a transient failure ({@code ESME_RSYSERR}).
 */
final class ScriptedGateway implements Gateway {
    final Deque<SendResult> script = new ArrayDeque<>();
    final List<Message> sent = new ArrayList<>();
    Runnable onSend = () -> { };

    @Override
    public String name() {
        return "smpp";
    }

    @Override
    public SendResult send(Message message) {
        sent.add(message);
        onSend.run();
        return script.isEmpty() ? SendResult.transientFailure("ESME_RSYSERR", "system error") : script.poll();
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public void close() {
    }
}
