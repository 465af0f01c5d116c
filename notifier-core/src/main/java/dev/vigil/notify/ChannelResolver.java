package dev.vigil.notify;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.SecretReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which channels of one type an alert goes to: the application's own channels if it names any,
 * otherwise the enabled default channels. Two built-ins need no configuration: the stack's SNS topic
 * (while no SNS channel is configured at all) and the in-app list (always).
 */
public final class ChannelResolver {
    private final ChannelStore channels;
    private final SecretReader secrets;

    public ChannelResolver(ChannelStore channels, SecretReader secrets) {
        this.channels = channels;
        this.secrets = secrets;
    }

    public List<ChannelTarget> targets(AlertEvent event, ChannelType type) {
        if (type == ChannelType.INAPP) {
            return List.of(new ChannelTarget(Channel.builtIn(Channel.BUILT_IN_INAPP, type, "In-app list"), Map.of()));
        }
        List<Channel> chosen = new ArrayList<>();
        if (event.channels().isEmpty()) {
            List<Channel> ofType = channels.byType(type);
            if (ofType.isEmpty() && type == ChannelType.SNS) {
                chosen.add(Channel.builtIn(Channel.BUILT_IN_SNS, type, "Alert topic (email and SMS)"));
            }
            ofType.stream().filter(c -> c.enabled() && c.isDefault()).forEach(chosen::add);
        } else {
            if (type == ChannelType.SNS && event.channels().contains(Channel.BUILT_IN_SNS)) {
                // A digest or reminder addressed to the built-in topic (applications cannot name it themselves).
                chosen.add(Channel.builtIn(Channel.BUILT_IN_SNS, type, "Alert topic (email and SMS)"));
            }
            channels.findAll(event.channels()).stream().filter(c -> c.type() == type && c.enabled()).forEach(chosen::add);
        }
        return chosen.stream().map(c -> new ChannelTarget(c, type.hasSecrets() ? secrets.get(type, c.id()) : Map.of())).toList();
    }
}
