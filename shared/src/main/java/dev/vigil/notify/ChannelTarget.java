package dev.vigil.notify;

import dev.vigil.channels.Channel;
import java.util.Map;
import java.util.Optional;

/** A channel with its secrets, ready to deliver to. */
public record ChannelTarget(Channel channel, Map<String, String> secrets) {
    /** A setting, secret or not; throws naming the channel when a required one is missing. */
    public String require(String name) {
        return optional(name).orElseThrow(() -> new DeliveryException(false, Optional.empty(),
                "channel " + channel.id() + " lacks setting " + name));
    }

    public Optional<String> optional(String name) {
        String secret = secrets.get(name);
        return secret != null ? Optional.of(secret) : channel.setting(name);
    }
}
