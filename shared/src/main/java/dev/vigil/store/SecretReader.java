package dev.vigil.store;

import java.util.Map;

/** Reads channel secrets, one entry per channel id: all a notifier needs. */
@FunctionalInterface
public interface SecretReader {
    /** A reader for channel types that hold no secrets (SNS topics, the in-app list). */
    SecretReader NONE = channelId -> Map.of();

    /** The channel's secrets; empty when it has none. */
    Map<String, String> get(String channelId);
}
