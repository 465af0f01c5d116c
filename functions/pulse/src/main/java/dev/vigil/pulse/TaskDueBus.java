package dev.vigil.pulse;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a task whose target is the bus puts its {@code ScheduledTaskDue} event. Throws when the bus did not take it. */
public interface TaskDueBus {
    /** The event's {@code detail-type}. */
    String DETAIL_TYPE = "ScheduledTaskDue";

    /** Puts one {@code ScheduledTaskDue} event about task {@code taskId} with {@code detail}. */
    void put(String taskId, ObjectNode detail);
}
