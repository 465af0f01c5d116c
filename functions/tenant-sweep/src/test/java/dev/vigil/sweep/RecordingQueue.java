package dev.vigil.sweep;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The sweep queue in this process: it keeps what was sent, for the test to hand to the consumer. */
final class RecordingQueue implements SweepQueue {
    final List<SweepMessage> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(List<SweepMessage> messages) {
        sent.addAll(messages);
    }
}
