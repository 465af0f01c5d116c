package dev.vigil.sweep;

import java.util.List;

/**
 * Where a scheduled run hands on the due tenants it does not sweep itself: SQS on AWS
 * ({@link SqsSweepQueue}), whose messages the same function consumes; an in-process queue in the local
 * runner and the tests.
 */
public interface SweepQueue {
    /** Sends the messages; throws if any was not taken. */
    void send(List<SweepMessage> messages);
}
