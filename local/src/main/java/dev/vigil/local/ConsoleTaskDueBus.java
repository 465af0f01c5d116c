package dev.vigil.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.pulse.TaskDueBus;
import dev.vigil.runtime.Json;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The local bus of {@code ScheduledTaskDue} events: each is printed, as the bus would carry it, and kept for a test to read. */
final class ConsoleTaskDueBus implements TaskDueBus {
    private final PrintStream out;
    private final List<ObjectNode> events = new CopyOnWriteArrayList<>();

    ConsoleTaskDueBus(PrintStream out) {
        this.out = out;
    }

    @Override
    public void put(String taskId, ObjectNode detail) {
        events.add(detail);
        out.println("[bus] " + DETAIL_TYPE + " vigil:task/" + taskId + " " + Json.write(detail));
    }

    List<ObjectNode> events() {
        return List.copyOf(events);
    }
}
