package dev.vigil.admin;

import dev.vigil.domain.Application;
import dev.vigil.domain.Channel;
import java.time.Duration;
import java.util.List;

/**
 * What an admin write of an application, a channel, a check or a tenant came to. Every write is
 * conditional on the version it read, so a write that lost a race is reported, never carried out over
 * the other.
 */
sealed interface Change<T> {
    /** A short wait before a write that lost a race tries again, longer each time, so that a write holding the resource can finish. */
    static void pause(int attempt) {
        try {
            Thread.sleep(Duration.ofMillis(20).multipliedBy(attempt + 1L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Written (or deleted): the resource as it now is (or as it was). */
    record Done<T>(T value) implements Change<T> {
    }

    /** No such resource. */
    record NotFound<T>() implements Change<T> {
    }

    /** {@code If-Match} named another version than the current one; nothing was written. */
    record Stale<T>(long currentVersion) implements Change<T> {
    }

    /** Other writes kept changing the resource while this one retried; nothing was written. */
    record Conflict<T>() implements Change<T> {
    }

    /** A channel that applications route their alerts to; nothing was deleted. */
    record InUse(List<Application> applications) implements Change<Channel> {
    }
}
