package dev.vigil.notify;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Tenant;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.SecretReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which channels of one type an alert goes to: the application's own channels if it names any,
 * otherwise the enabled default channels. If the application names channels and none of them (of any
 * type) exists and is enabled any more, the alert goes to the default channels, and the routing says
 * why, so nobody is never the recipient. Only channels of the alert's own tenant are ever chosen. Two
 * built-ins need no configuration: the in-app list (every alert) and the stack's SNS topic (email and
 * SMS), which is the operator's and serves the default tenant's alerts on the default route. An escalated
 * recovery ({@link AlertEvent#aboutTenant()}) pages the tenant's enabled channels flagged {@code escalation};
 * a tenant that has none gets it on its default route. A channel's test alert ({@link AlertEvent#isTest()})
 * goes to the one channel it names, if that channel is still enabled and of the alert's tenant.
 */
public final class ChannelResolver {
    private final ChannelStore channels;
    private final SecretReader secrets;

    public ChannelResolver(ChannelStore channels, SecretReader secrets) {
        this.channels = channels;
        this.secrets = secrets;
    }

    /** The channels an alert goes to, and a note when they are not the ones the application named. */
    public record Routing(List<ChannelTarget> targets, Optional<String> note) {
    }

    public Routing targets(AlertEvent event, ChannelType type) {
        if (event.isTest()) {
            // A test goes to the channel it names and to nothing else, not even the in-app list.
            return new Routing(channels.findAll(event.channels()).stream()
                    .filter(c -> c.type() == type && c.enabled() && c.tenantId().equals(event.tenantId()))
                    .map(c -> new ChannelTarget(c, type.hasSecrets() ? secrets.get(type, c.id()) : Map.of())).toList(),
                    Optional.empty());
        }
        if (type == ChannelType.INAPP) {
            return new Routing(List.of(new ChannelTarget(Channel.builtIn(Channel.BUILT_IN_INAPP, type, "In-app list"),
                    Map.of())), Optional.empty());
        }
        List<Channel> chosen = new ArrayList<>();
        Optional<String> note = Optional.empty();
        String tenant = event.tenantId();
        if (event.aboutTenant() && event.channels().isEmpty()) {
            List<Channel> escalation = channels.ofTenant(tenant).stream().filter(c -> c.enabled() && c.escalation()).toList();
            if (!escalation.isEmpty()) {
                escalation.stream().filter(c -> c.type() == type).forEach(chosen::add);
                return new Routing(chosen.stream()
                        .map(c -> new ChannelTarget(c, type.hasSecrets() ? secrets.get(type, c.id()) : Map.of())).toList(),
                        Optional.empty());
            }
        }
        List<Channel> named = event.channels().isEmpty() ? List.of()
                : channels.findAll(event.channels()).stream()
                        .filter(c -> c.enabled() && c.tenantId().equals(tenant)).toList();
        boolean namesBuiltIn = event.channels().contains(Channel.BUILT_IN_SNS);
        if (event.channels().isEmpty() || (named.isEmpty() && !namesBuiltIn)) {
            if (!event.channels().isEmpty()) {
                note = Optional.of("sent to the default channels: none of the application's channels ("
                        + String.join(", ", event.channels()) + ") exists and is enabled");
            }
            if (type == ChannelType.SNS && Tenant.DEFAULT_ID.equals(tenant)) {
                chosen.add(Channel.builtIn(Channel.BUILT_IN_SNS, type, "Alert topic (email and SMS)"));
            }
            channels.byType(type).stream().filter(c -> c.enabled() && c.isDefault() && c.tenantId().equals(tenant))
                    .forEach(chosen::add);
        } else {
            if (type == ChannelType.SNS && namesBuiltIn) {
                // A digest or reminder addressed to the built-in topic (applications cannot name it themselves).
                chosen.add(Channel.builtIn(Channel.BUILT_IN_SNS, type, "Alert topic (email and SMS)"));
            }
            named.stream().filter(c -> c.type() == type).forEach(chosen::add);
        }
        List<ChannelTarget> targets = chosen.stream()
                .map(c -> new ChannelTarget(c, type.hasSecrets() ? secrets.get(type, c.id()) : Map.of())).toList();
        return new Routing(targets, note);
    }
}
