package dev.vigil.notify;

import dev.vigil.domain.Channel;
import dev.vigil.domain.WebAddress;
import java.net.URI;
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

    /**
     * A required URL setting. Only an absolute http(s) URL with a host is accepted; anything else fails
     * permanently with an error that names the channel and the setting but never quotes the value, which
     * may be a secret (a webhook URL carries its token).
     */
    public URI url(String name) {
        return parseUrl(name, require(name));
    }

    /** An optional URL setting, checked as {@link #url} checks it when present. */
    public Optional<URI> optionalUrl(String name) {
        return optional(name).map(value -> parseUrl(name, value));
    }

    private URI parseUrl(String name, String value) {
        return WebAddress.httpUrl(value).orElseThrow(() -> new DeliveryException(false, Optional.empty(),
                "channel " + channel.id() + " has a " + name + " setting that is not an absolute http(s) URL"));
    }
}
