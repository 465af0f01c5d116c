package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where alerts may go: the address table, the URL rules of each channel type, and the local opt-in. */
class OutboundRulesTest {
    private final OutboundRules deployed = OutboundRules.deployed();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            169.254.169.254     | link-local (169.254.0.0/16)
            10.0.0.1            | private (10.0.0.0/8)
            10.255.255.255      | private (10.0.0.0/8)
            172.16.0.1          | private (172.16.0.0/12)
            172.31.255.254      | private (172.16.0.0/12)
            192.168.1.1         | private (192.168.0.0/16)
            127.0.0.1           | loopback (127.0.0.0/8)
            127.8.9.10          | loopback (127.0.0.0/8)
            0.0.0.0             | "this network" (0.0.0.0/8)
            0.1.2.3             | "this network" (0.0.0.0/8)
            100.64.0.1          | carrier-grade NAT (100.64.0.0/10)
            100.127.255.254     | carrier-grade NAT (100.64.0.0/10)
            224.0.0.251         | multicast (224.0.0.0/4)
            239.255.255.250     | multicast (224.0.0.0/4)
            255.255.255.255     | reserved or broadcast (240.0.0.0/4)
            198.18.0.1          | benchmarking (198.18.0.0/15)
            198.19.255.1        | benchmarking (198.18.0.0/15)
            192.0.2.10          | documentation (192.0.2.0/24)
            198.51.100.7        | documentation (198.51.100.0/24)
            203.0.113.9         | documentation (203.0.113.0/24)
            192.0.0.8           | IETF protocol assignment (192.0.0.0/24)
            192.88.99.1         | 6to4 relay (192.88.99.0/24)
            ::                  | unspecified (::)
            ::1                 | loopback (::1)
            fc00::1             | unique local (fc00::/7)
            fd12:3456:789a::1   | unique local (fc00::/7)
            fe80::1             | link-local (fe80::/10)
            fec0::1             | site-local (fec0::/10)
            ff02::1             | multicast (ff00::/8)
            ::127.0.0.1         | IPv4-compatible IPv6 (::/96)
            ::ffff:127.0.0.1    | IPv4-mapped IPv6 (::ffff:0:0/96)
            ::ffff:93.184.216.34| IPv4-mapped IPv6 (::ffff:0:0/96)
            64:ff9b::a00:1      | NAT64 (64:ff9b::/96) of a private (10.0.0.0/8) address
            64:ff9b::7f00:1     | NAT64 (64:ff9b::/96) of a loopback (127.0.0.0/8) address
            64:ff9b:1::1        | local-use NAT64 (64:ff9b:1::/48)
            2002:7f00:1::1      | 6to4 (2002::/16)
            2001::1             | Teredo (2001::/32)
            2001:db8::1         | documentation (2001:db8::/32)
            3fff::1             | documentation (3fff::/20)
            100::1              | discard-only (100::/64)
            4000::1             | not global unicast (outside 2000::/3)
            """)
    void everyNonPublicAddressIsRefusedAndNamed(String literal, String kind) {
        InetAddress address = OutboundRules.literal(literal).orElseThrow();

        assertEquals(Optional.of(kind), PublicAddress.whyNotPublic(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "11.0.0.1",
            "2606:4700::1", "2a00:1450:4001:80b::200e", "64:ff9b::5db8:d822"})
    void publicAddressesAreAccepted(String literal) {
        assertEquals(Optional.empty(), PublicAddress.whyNotPublic(OutboundRules.literal(literal).orElseThrow()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://93.184.216.34/hook                       | must use https
            https://169.254.169.254/latest/meta-data/       | points to an address that is link-local (169.254.0.0/16); only public addresses may be called
            https://10.1.2.3/hook                           | points to an address that is private (10.0.0.0/8); only public addresses may be called
            https://172.16.5.4/hook                         | points to an address that is private (172.16.0.0/12); only public addresses may be called
            https://192.168.0.10/hook                       | points to an address that is private (192.168.0.0/16); only public addresses may be called
            https://[fc00::1]/hook                          | points to an address that is unique local (fc00::/7); only public addresses may be called
            https://[::1]/hook                              | points to an address that is loopback (::1); only public addresses may be called
            https://[::ffff:127.0.0.1]/hook                 | points to an address that is IPv4-mapped IPv6 (::ffff:0:0/96); only public addresses may be called
            https://0.0.0.0/hook                            | points to an address that is "this network" (0.0.0.0/8); only public addresses may be called
            https://100.64.1.1/hook                         | points to an address that is carrier-grade NAT (100.64.0.0/10); only public addresses may be called
            https://2130706433/hook                         | has a numeric host that is not a dotted-quad IPv4 address
            https://017700000001/hook                       | has a numeric host that is not a dotted-quad IPv4 address
            https://0x7f000001/hook                         | has a numeric host that is not a dotted-quad IPv4 address
            https://127.000.000.001/hook                    | has a numeric host that is not a dotted-quad IPv4 address
            https://0177.0.0.1/hook                         | has a numeric host that is not a dotted-quad IPv4 address
            https://localhost/hook                          | must not point to localhost
            https://LOCALHOST./hook                         | must not point to localhost
            https://api.localhost/hook                      | must not point to localhost
            https://user:pass@hooks.example.com/hook        | must not contain user info (user:password@)
            https://hooks.example.com@10.0.0.1/hook         | must not contain user info (user:password@)
            https://[fe80::1%25eth0]/hook                   | must not name an IPv6 zone
            ftp://hooks.example.com/hook                    | is not an absolute http(s) URL
            """)
    void webhookUrlsAreRefusedNamingTheRule(String url, String problem) {
        assertEquals(Optional.of(problem), deployed.urlProblem(ChannelType.WEBHOOK, URI.create(url)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SLACK     | https://hooks.slack.com/services/T000/B000/XXXX
            SLACK     | https://hooks.slack.com/workflows/T000/A000/123/abc
            DISCORD   | https://discord.com/api/webhooks/123/abc
            DISCORD   | https://discordapp.com/api/webhooks/123/abc
            DISCORD   | https://discord.com/api/v10/webhooks/123/abc
            PAGERDUTY | https://events.pagerduty.com/v2/enqueue
            PAGERDUTY | https://events.eu.pagerduty.com/v2/enqueue
            WHATSAPP  | https://graph.facebook.com/v21.0/1065/messages
            WEBHOOK   | https://hooks.example.com/vigil
            WEBHOOK   | https://93.184.216.34:8443/vigil
            WEBHOOK   | https://[2606:4700::1]/vigil
            """)
    void providerAndPublicUrlsAreAccepted(ChannelType type, String url) {
        assertEquals(Optional.empty(), deployed.urlProblem(type, URI.create(url)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SLACK     | http://hooks.slack.com/services/T/B/X     | must use https
            SLACK     | https://hooks.slack.com.evil.example/x    | must be a Slack webhook URL on https://hooks.slack.com
            SLACK     | https://hooks.slack.com:8443/services/x   | must be a Slack webhook URL on https://hooks.slack.com
            SLACK     | https://10.0.0.1/services/T/B/X           | must be a Slack webhook URL on https://hooks.slack.com
            DISCORD   | https://discord.com/api/users/@me         | must be a Discord webhook URL (https://discord.com/api/webhooks/...)
            DISCORD   | https://evil.example/api/webhooks/1/abc   | must be a Discord webhook URL (https://discord.com/api/webhooks/...)
            PAGERDUTY | https://169.254.169.254/v2/enqueue        | must be a PagerDuty Events API URL on https://events.pagerduty.com or https://events.eu.pagerduty.com
            WHATSAPP  | http://graph.facebook.com/v21.0           | must use https
            WHATSAPP  | https://graph.facebook.com.evil.example/v21.0 | must be a WhatsApp Cloud API URL on https://graph.facebook.com
            """)
    void providerChannelsOnlyCallTheirProvidersHosts(ChannelType type, String url, String problem) {
        assertEquals(Optional.of(problem), deployed.urlProblem(type, URI.create(url)));
    }

    @Test
    void addressesAreRefusedWhenAnyOfThemIsNotPublic() throws Exception {
        List<InetAddress> mixed = List.of(address("93.184.216.34"), address("10.0.0.7"));

        assertEquals(Optional.of("hooks.example.com resolves to 10.0.0.7, which is private (10.0.0.0/8);"
                + " only public addresses may be called"), deployed.addressProblem("hooks.example.com", mixed));
        assertEquals(Optional.of("hooks.example.com resolves to no address"), deployed.addressProblem("hooks.example.com", List.of()));
        assertEquals(Optional.empty(), deployed.addressProblem("hooks.example.com", List.of(address("93.184.216.34"))));
    }

    @Test
    void savingAWebhookResolvesItsHostButNeverAProvidersHost() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        OutboundRules.Resolver privateDns = host -> {
            lookups.incrementAndGet();
            return List.of(address("192.168.1.20"));
        };

        assertEquals(Optional.of("has a host that resolves to 192.168.1.20, which is private (192.168.0.0/16);"
                        + " only public addresses may be called"),
                deployed.problemWhenSaved(ChannelType.WEBHOOK, URI.create("https://intranet.example.com/x"), privateDns));
        assertEquals(1, lookups.get());
        assertEquals(Optional.empty(), deployed.problemWhenSaved(ChannelType.SLACK,
                URI.create("https://hooks.slack.com/services/T/B/X"), privateDns));
        assertEquals(Optional.empty(), deployed.problemWhenSaved(ChannelType.WEBHOOK,
                URI.create("https://93.184.216.34/x"), privateDns));
        assertEquals(1, lookups.get(), "provider hosts and literal addresses are never looked up");
    }

    @Test
    void aWebhookHostThatDoesNotResolveYetIsAcceptedWhenSaved() {
        OutboundRules.Resolver nxdomain = host -> {
            throw new UnknownHostException(host);
        };

        assertEquals(Optional.empty(), deployed.problemWhenSaved(ChannelType.WEBHOOK,
                URI.create("https://not-yet.example.com/x"), nxdomain));
    }

    @Test
    void allowingPrivateLetsLocalReceiversThroughButNotUserInfoOrNumericHosts() throws Exception {
        OutboundRules local = OutboundRules.fromSetting(Optional.of("true"));

        assertTrue(local.allowsPrivate());
        assertEquals(Optional.empty(), local.urlProblem(ChannelType.SLACK, URI.create("http://127.0.0.1:8080/services/x")));
        assertEquals(Optional.empty(), local.urlProblem(ChannelType.WEBHOOK, URI.create("http://localhost:9000/hook")));
        assertEquals(Optional.empty(), local.addressProblem("localhost", List.of(address("127.0.0.1"))));
        assertEquals(Optional.of("must not contain user info (user:password@)"),
                local.urlProblem(ChannelType.WEBHOOK, URI.create("http://u:p@127.0.0.1/")));
        assertEquals(Optional.of("has a numeric host that is not a dotted-quad IPv4 address"),
                local.urlProblem(ChannelType.WEBHOOK, URI.create("http://2130706433/")));
    }

    @Test
    void theSettingIsOffUnlessExactlyTrueAndAnythingElseFailsNamingIt() {
        assertEquals(false, OutboundRules.fromSetting(Optional.empty()).allowsPrivate());
        assertEquals(false, OutboundRules.fromSetting(Optional.of("false")).allowsPrivate());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutboundRules.fromSetting(Optional.of("yes")));
        assertTrue(e.getMessage().contains(OutboundRules.ALLOW_PRIVATE), e.getMessage());
    }

    private static InetAddress address(String literal) {
        return OutboundRules.literal(literal).orElseThrow();
    }
}
