package dev.vigil.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a channel may send alerts. Deployed, a channel's URL must:
 * <ul>
 *   <li>use https, with no user info ({@code user:password@}) and no numeric host other than a
 *       dotted-quad IPv4 address ({@code 2130706433}, {@code 0x7f.1} and the like are refused);</li>
 *   <li>for a provider, be on that provider's hosts: Slack {@code hooks.slack.com}; Discord
 *       {@code discord.com} or {@code discordapp.com} under {@code /api/webhooks/}; PagerDuty
 *       {@code events.pagerduty.com} or {@code events.eu.pagerduty.com}; WhatsApp {@code graph.facebook.com};</li>
 *   <li>for a generic webhook, name a host whose every address is public ({@link PublicAddress}), and
 *       not {@code localhost}.</li>
 * </ul>
 * With {@value #ALLOW_PRIVATE}{@code =true} (the local runner and tests only) plain http, any host and
 * any address are allowed; user info and odd numeric hosts are still refused.
 */
public final class OutboundRules {
    /** The setting that allows plain http and private, loopback and any other hosts: {@code true} or {@code false} (default). */
    public static final String ALLOW_PRIVATE = "OUTBOUND_ALLOW_PRIVATE";

    /** Looks a host name up; {@link #SYSTEM} asks the system's DNS. Tests answer as they please. */
    @FunctionalInterface
    public interface Resolver {
        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The hosts a provider's channels may call, and the shape of the path where that matters. */
    private record Provider(String what, Set<String> hosts, Optional<Pattern> path) {
    }

    private static final Map<ChannelType, Provider> PROVIDERS = Map.of(
            ChannelType.SLACK, new Provider("a Slack webhook URL on https://hooks.slack.com",
                    Set.of("hooks.slack.com"), Optional.empty()),
            ChannelType.DISCORD, new Provider("a Discord webhook URL (https://discord.com/api/webhooks/...)",
                    Set.of("discord.com", "discordapp.com"), Optional.of(Pattern.compile("/api(/v[0-9]+)?/webhooks/.+"))),
            ChannelType.PAGERDUTY, new Provider("a PagerDuty Events API URL on https://events.pagerduty.com"
                    + " or https://events.eu.pagerduty.com",
                    Set.of("events.pagerduty.com", "events.eu.pagerduty.com"), Optional.empty()),
            ChannelType.WHATSAPP, new Provider("a WhatsApp Cloud API URL on https://graph.facebook.com",
                    Set.of("graph.facebook.com"), Optional.empty()));

    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    /** A last label no DNS name has: digits, or hex in C notation; such a host is some numeric address form. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:.]+");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*\\.?");

    private final boolean allowPrivate;

    private OutboundRules(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The rules of a deployed stack. */
    public static OutboundRules deployed() {
        return new OutboundRules(false);
    }

    /** The local runner's and the tests' rules when they opt in: plain http and private addresses allowed. */
    public static OutboundRules allowingPrivate() {
        return new OutboundRules(true);
    }

    /** The rules for the value of {@value #ALLOW_PRIVATE}: unset or {@code false} deployed, {@code true} allowing private. */
    public static OutboundRules fromSetting(Optional<String> allowPrivate) {
        String value = allowPrivate.map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("false");
        return switch (value) {
            case "true" -> allowingPrivate();
            case "false" -> deployed();
            default -> throw new IllegalStateException("Environment variable " + ALLOW_PRIVATE
                    + " must be true or false, was '" + allowPrivate.get() + "'");
        };
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /**
     * What is wrong with {@code url} as where a channel of {@code type} sends, judged on the URL alone
     * (no DNS): a phrase that completes "the URL ...", or empty when it may be used. A literal IP
     * address is checked here; a webhook's host name is checked by {@link #addressProblem} once resolved.
     */
    public Optional<String> urlProblem(ChannelType type, URI url) {
        if (!WebAddress.isHttpUrl(url)) {
            return Optional.of("is not an absolute http(s) URL");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("must not contain user info (user:password@)");
        }
        String host = host(url);
        if (host.contains("%")) {
            return Optional.of("must not name an IPv6 zone");
        }
        String[] labels = host.split("\\.");
        if (!host.contains(":") && NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()
                && !DOTTED_QUAD.matcher(host).matches()) {
            return Optional.of("has a numeric host that is not a dotted-quad IPv4 address");
        }
        if (host.contains(":") && literal(host).isEmpty()) {
            return Optional.of("has a host that is not a valid IPv6 address");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        if (!"https".equals(url.getScheme())) {
            return Optional.of("must use https");
        }
        Provider provider = PROVIDERS.get(type);
        if (provider != null) {
            boolean onHost = provider.hosts().contains(host) && (url.getPort() == -1 || url.getPort() == 443);
            boolean onPath = provider.path().map(p -> p.matcher(url.getRawPath()).matches()).orElse(true);
            return onHost && onPath ? Optional.empty() : Optional.of("must be " + provider.what());
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("must not point to localhost");
        }
        return literal(host).flatMap(PublicAddress::whyNotPublic)
                .map(kind -> "points to an address that is " + kind + "; only public addresses may be called");
    }

    /**
     * What is wrong with {@code host} (a name, or an address literal without brackets) as the target of a
     * connection that is not a channel's (a check's TCP, TLS, DNS or database target), judged on the
     * host alone (no DNS): a phrase that completes "the host ...", or empty when it may be used. The same
     * forms are refused as in {@link #urlProblem}; once resolved, {@link #addressProblem} checks the addresses.
     */
    public Optional<String> hostProblem(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.contains("%")) {
            return Optional.of("must not name an IPv6 zone");
        }
        if (name.contains(":")) {
            if (literal(name).isEmpty()) {
                return Optional.of("is not a valid IPv6 address");
            }
        } else {
            String[] labels = name.split("\\.");
            if (labels.length > 0 && NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()
                    && !DOTTED_QUAD.matcher(name).matches()) {
                return Optional.of("is a numeric host that is not a dotted-quad IPv4 address");
            }
            if (name.length() > 253 || !HOST_NAME.matcher(name).matches()) {
                return Optional.of("is not a valid host name");
            }
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (bare.equals("localhost") || bare.endsWith(".localhost")) {
            return Optional.of("must not be localhost");
        }
        return literal(name).flatMap(PublicAddress::whyNotPublic)
                .map(kind -> "is an address that is " + kind + "; only public addresses may be called");
    }

    /**
     * What is wrong with calling {@code host} at {@code addresses} (what it resolved to): empty when
     * every one of them is public, or when private addresses are allowed.
     */
    public Optional<String> addressProblem(String host, List<InetAddress> addresses) {
        return allowPrivate ? Optional.empty() : nonPublic(addresses).map(p -> host + " " + p);
    }

    /**
     * The check when a channel is created or changed: {@link #urlProblem}, and for a generic webhook
     * on a host name also what the name resolves to now (as {@link #addressProblem}). Provider hosts
     * are never looked up. A name that does not resolve (yet) is accepted: every send checks again.
     */
    public Optional<String> problemWhenSaved(ChannelType type, URI url, Resolver resolver) {
        Optional<String> problem = urlProblem(type, url);
        if (problem.isPresent() || allowPrivate || PROVIDERS.containsKey(type) || literal(host(url)).isPresent()) {
            return problem;
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host(url));
        } catch (UnknownHostException notYet) {
            return Optional.empty();
        }
        return nonPublic(addresses).map(p -> "has a host that " + p);
    }

    /** "resolves to 10.0.0.7, which is private (10.0.0.0/8); only ...", or empty when all are public. */
    private static Optional<String> nonPublic(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return Optional.of("resolves to no address");
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = PublicAddress.whyNotPublic(address);
            if (kind.isPresent()) {
                return Optional.of("resolves to " + address.getHostAddress() + ", which is " + kind.get()
                        + "; only public addresses may be called");
            }
        }
        return Optional.empty();
    }

    /** The URL's host in lower case, without the brackets of an IPv6 literal. */
    public static String host(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The address a host names literally ({@code 93.184.216.34}, {@code 2606:4700::1}), read without
     * any DNS lookup; empty for a host name. An IPv4-mapped IPv6 literal stays IPv6, so that it is
     * refused as one.
     */
    public static Optional<InetAddress> literal(String host) {
        try {
            if (DOTTED_QUAD.matcher(host).matches()) {
                return Optional.of(InetAddress.getByName(host));
            }
            if (host.contains(":") && IPV6_LITERAL.matcher(host).matches()) {
                // A literal is parsed, never looked up. The JDK turns ::ffff:a.b.c.d into IPv4; keep its IPv6 bytes.
                InetAddress parsed = InetAddress.getByName(host);
                return Optional.of(parsed instanceof Inet4Address v4 ? mapped(v4) : parsed);
            }
        } catch (UnknownHostException malformed) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static InetAddress mapped(Inet4Address v4) throws UnknownHostException {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, bytes, 12, 4);
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
