package dev.vigil.store;

import dev.vigil.domain.ChannelType;
import java.util.Map;

/**
 * Reads channel secrets, one entry per channel: all a notifier needs. Secrets are kept per channel
 * type, so a notifier can be allowed to read its own type's and no other's.
 */
@FunctionalInterface
public interface SecretReader {
    /** A reader for channel types that hold no secrets (SNS topics, the in-app list). */
    SecretReader NONE = (type, channelId) -> Map.of();

    /** The secrets of channel {@code channelId}, of type {@code type}; empty when it has none. */
    Map<String, String> get(ChannelType type, String channelId);
}
