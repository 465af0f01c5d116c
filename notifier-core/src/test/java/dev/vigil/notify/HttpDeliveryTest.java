package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.OutboundRules;
import dev.vigil.domain.WebAddress;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import dev.vigil.testkit.TricklingHttpServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound HTTP for the notifiers: what is a failure, that a channel's secrets never reach an error,
 * where a call may go (checked again at send time, on the very address that is connected to), and
 * that one deadline ends every call however slowly the receiver answers.
 */
class HttpDeliveryTest {
    static final String TOKEN = "EAAGm0PX4ZCpsBAS3cr3tT0k3nZBZCxyz0123456789";
    static final String SECRET_PATH = "/hooks/T0k3n-1n-Th3-PaTh-9f8e7d6c";
    static final Duration SHORT = Duration.ofSeconds(2);
    /** Generous room for a slow machine: a deadline must end a call well within it. */
    static final Duration SLACK = Duration.ofSeconds(5);

    /** As the local runner and the tests run it: receivers on loopback over plain http are allowed. */
    final HttpDelivery http = new HttpDelivery(OutboundRules.allowingPrivate(), HttpDelivery.DEFAULT_DEADLINE);
    final HttpDelivery deployed = new HttpDelivery(OutboundRules.deployed(), HttpDelivery.DEFAULT_DEADLINE);
    final CapturingHttpServer server = new CapturingHttpServer();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void secretEchoedByTheAnswerIsRedactedAndTheRestKept() {
        server.respondWith(Response.of(401, "Error validating access token " + TOKEN + ": Session has expired"));
        ChannelTarget target = target(Map.of("accessToken", TOKEN));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> http.postJson(target, server.url("/v21.0/1/messages"), Map.of("Authorization", "Bearer " + TOKEN), "{}"));

        assertEquals("127.0.0.1 answered 401: Error validating access token [redacted]: Session has expired", e.getMessage());
        assertEquals(Optional.of(401), e.httpStatus());
        assertFalse(e.retryable());
    }

    @Test
    void secretUrlIsRedactedWholeAndByItsPathQueryAndUserInfo() {
        URI url = server.url(SECRET_PATH + "?key=Qu3ryS3cr3t-123");
        String withUser = "http://us3r:p4ssw0rd@127.0.0.1:" + url.getPort() + SECRET_PATH;
        server.respondWith(Response.of(500, "failed " + url + " (path " + SECRET_PATH + ", query key=Qu3ryS3cr3t-123,"
                + " user us3r:p4ssw0rd)"));
        ChannelTarget target = target(Map.of("url", url.toString(), "other", withUser));

        DeliveryException e = assertThrows(DeliveryException.class, () -> http.postJson(target, url, Map.of(), "{}"));

        assertEquals("127.0.0.1 answered 500: failed [redacted] (path [redacted], query [redacted], user [redacted])",
                e.getMessage());
        assertTrue(e.retryable());
    }

    @Test
    void secretCutOffWhereALongAnswerIsCutIsRedacted() {
        // The excerpt ends at 200 characters, in the middle of the token as the receiver sent it.
        String answer = "Invalid event: " + "x".repeat(170) + " key=" + TOKEN;
        server.respondWith(Response.of(400, answer));
        ChannelTarget target = target(Map.of("routingKey", TOKEN));

        DeliveryException e = assertThrows(DeliveryException.class, () -> http.postJson(target, server.url("/"), Map.of(), "{}"));

        assertTrue(e.getMessage().endsWith(" key=[redacted]"), e.getMessage());
        assertEquals(HttpDelivery.MAX_EXCERPT, e.getMessage().length() - "127.0.0.1 answered 400: ".length(), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN.substring(0, 4)), e.getMessage());
    }

    @Test
    void anythingThatLooksLikeATokenIsMaskedEvenWhenItIsNoSecretOfTheChannel() {
        server.respondWith(Response.of(400, "bad token sk_live_51HxYzAbCdEf0123456789 for\r\n\u0007user ops"));

        DeliveryException e = assertThrows(DeliveryException.class, () -> http.postJson(target(Map.of()), server.url("/"), Map.of(), "{}"));

        assertEquals("127.0.0.1 answered 400: bad token [masked] for user ops", e.getMessage());
    }

    @Test
    void successIsTheStatusAndNeedsNoRedaction() {
        server.respondWith(Response.of(202, "{}"));

        assertEquals(202, http.postJson(target(Map.of("routingKey", TOKEN)), server.url("/v2/enqueue"), Map.of(), "{}"));
        assertEquals("application/json", server.requests().get(0).header("content-type"));
    }

    @Test
    void unusableHeaderFailsPermanentlyWithoutQuotingIt() {
        DeliveryException e = assertThrows(DeliveryException.class, () -> http.postJson(target(Map.of("accessToken", TOKEN)),
                server.url("/"), Map.of("Authorization", "Bearer " + TOKEN + "\r\nX: y"), "{}"));

        assertFalse(e.retryable());
        assertFalse(e.getMessage().contains(TOKEN.substring(0, 4)), e.getMessage());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void shortUrlPartsAndTheHostAreNotRedactedOnTheirOwn() {
        assertEquals(List.of("http://127.0.0.1:9/", "abcd"), HttpDelivery.secretFragments(List.of("http://127.0.0.1:9/", "abcd")));
        DeliveryException e = new DeliveryException(true, Optional.of(500), "127.0.0.1 answered 500: / not found");

        assertSame(e, HttpDelivery.redact(e, List.of("http://127.0.0.1:9/")));
    }

    @Test
    void everySecretIsRedactedWhateverItsLength() {
        DeliveryException e = new DeliveryException(false, Optional.of(400), "host answered 400: key k1 is wrong");

        DeliveryException redacted = HttpDelivery.redact(e, List.of("k1"));

        assertEquals("host answered 400: key [redacted] is wrong", redacted.getMessage());
        assertEquals(Optional.of(400), redacted.httpStatus());
        assertFalse(redacted.retryable());
    }

    @Test
    void onlyAbsoluteHttpUrlsWithAHostAreUrls() {
        assertEquals(Optional.of(URI.create("https://hooks.slack.com/services/T/B/X")),
                WebAddress.httpUrl("https://hooks.slack.com/services/T/B/X"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8080")), WebAddress.httpUrl("http://127.0.0.1:8080"));
        for (String bad : List.of("/relative/path", "mailto:ops@example.com", "javascript:alert(1)", "http://bad host/",
                "ftp://example.com/", "https:///no-host", "")) {
            assertEquals(Optional.empty(), WebAddress.httpUrl(bad), bad);
        }
    }

    // --- where a call may go ------------------------------------------------------------------

    @Test
    void deployedRulesRefusePlainHttpAndPrivateAddressesWithoutCallingThem() {
        DeliveryException http = assertThrows(DeliveryException.class,
                () -> deployed.postJson(target(Map.of()), server.url("/hook"), Map.of(), "{}"));
        DeliveryException metadata = assertThrows(DeliveryException.class,
                () -> deployed.postJson(target(Map.of()), URI.create("https://169.254.169.254/latest/meta-data/"), Map.of(), "{}"));

        assertEquals("refused to call 127.0.0.1: the URL must use https", http.getMessage());
        assertEquals("refused to call 169.254.169.254: the URL points to an address that is link-local (169.254.0.0/16);"
                + " only public addresses may be called", metadata.getMessage());
        assertFalse(http.retryable());
        assertFalse(metadata.retryable());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void providerChannelsOnlyCallTheirProvidersHosts() {
        ChannelTarget slack = target(ChannelType.SLACK, Map.of());

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> deployed.postJson(slack, URI.create("https://hooks.example.com/services/T/B/X"), Map.of(), "{}"));

        assertEquals("refused to call hooks.example.com: the URL must be a Slack webhook URL on https://hooks.slack.com", e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void webhookHostResolvingToAPrivateAddressIsRefusedAtSendTimeAndNotRetried() {
        AtomicInteger lookups = new AtomicInteger();
        HttpDelivery delivery = new HttpDelivery(OutboundRules.deployed(), SHORT, host -> {
            lookups.incrementAndGet();
            return List.of(address("93.184.216.34"), address("10.0.0.8"));
        });

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> delivery.postJson(target(Map.of()), URI.create("https://hooks.customer.example/vigil"), Map.of(), "{}"));

        assertEquals("refused to call hooks.customer.example: hooks.customer.example resolves to 10.0.0.8, which is private"
                + " (10.0.0.0/8); only public addresses may be called", e.getMessage());
        assertFalse(e.retryable());
        assertEquals(1, lookups.get());
    }

    @Test
    void aRebindingAnswerCannotMoveTheConnectionOffTheAddressThatWasChecked() {
        // First answer: the receiver's address. Every later answer: another loopback address where nothing listens.
        AtomicInteger lookups = new AtomicInteger();
        OutboundRules.Resolver rebinding = host -> List.of(address(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2"));
        HttpDelivery delivery = new HttpDelivery(OutboundRules.allowingPrivate(), SHORT, rebinding);
        int port = server.url("/").getPort();

        int status = delivery.postJson(target(Map.of()), URI.create("http://rebind.example:" + port + "/hook"), Map.of(), "{}");

        assertEquals(200, status);
        assertEquals(1, lookups.get(), "the host is looked up once");
        assertEquals(1, server.requests().size(), "the request reached the address that was checked");
        assertEquals("rebind.example:" + port, server.requests().get(0).header("host"), "the Host header keeps the name");
    }

    @Test
    void tlsGoesToTheCheckedAddressButVerifiesAndNamesTheHost(@TempDir Path dir) throws Exception {
        try (TlsReceiver receiver = new TlsReceiver(dir, "alerts.example.test")) {
            OutboundRules.Resolver dns = host -> List.of(address("127.0.0.1"));
            HttpDelivery delivery = new HttpDelivery(OutboundRules.allowingPrivate(), SHORT, dns, () -> tls(receiver));

            int status = delivery.postJson(target(Map.of()),
                    URI.create("https://alerts.example.test:" + receiver.port() + "/vigil"), Map.of(), "{}");
            DeliveryException wrongName = assertThrows(DeliveryException.class, () -> delivery.postJson(target(Map.of()),
                    URI.create("https://other.example.test:" + receiver.port() + "/vigil"), Map.of(), "{}"));

            assertEquals(204, status);
            assertEquals("alerts.example.test", receiver.serverNames.get(0), "SNI carries the host name");
            assertTrue(receiver.heads.get(0).contains("\r\nHost: alerts.example.test:" + receiver.port() + "\r\n"), receiver.heads.get(0));
            assertEquals(1, receiver.heads.size(), "a certificate for another name is refused before anything is sent");
            assertEquals("TLS with other.example.test failed: SSLHandshakeException", wrongName.getMessage());
        }
    }

    // --- one deadline per call -----------------------------------------------------------------

    @Test
    void aReceiverTricklingItsBodyIsCutAtTheDeadlineAndKeepsItsStatus() {
        HttpDelivery delivery = new HttpDelivery(OutboundRules.allowingPrivate(), SHORT);
        try (TricklingHttpServer trickle = TricklingHttpServer.body(500, 60)) {
            long began = System.nanoTime();
            DeliveryException e = assertThrows(DeliveryException.class,
                    () -> delivery.postJson(target(Map.of()), trickle.url("/hook"), Map.of(), "{}"));
            Duration took = Duration.ofNanos(System.nanoTime() - began);

            assertTrue(took.compareTo(SHORT.plus(SLACK)) < 0, "took " + took);
            assertEquals(Optional.of(500), e.httpStatus());
            assertTrue(e.retryable());
            assertTrue(e.getMessage().startsWith("127.0.0.1 answered 500"), e.getMessage());
        }
    }

    @Test
    void aReceiverTricklingItsHeadersTimesOutAtTheDeadline() {
        HttpDelivery delivery = new HttpDelivery(OutboundRules.allowingPrivate(), SHORT);
        try (TricklingHttpServer trickle = TricklingHttpServer.head()) {
            long began = System.nanoTime();
            DeliveryException e = assertThrows(DeliveryException.class,
                    () -> delivery.postJson(target(Map.of()), trickle.url("/hook"), Map.of(), "{}"));
            Duration took = Duration.ofNanos(System.nanoTime() - began);

            assertTrue(took.compareTo(SHORT.plus(SLACK)) < 0, "took " + took);
            assertEquals("timed out after 2 s calling 127.0.0.1", e.getMessage());
            assertTrue(e.retryable());
        }
    }

    @Test
    void aLookupThatHangsCountsAgainstTheSameDeadline() {
        HttpDelivery delivery = new HttpDelivery(OutboundRules.deployed(), SHORT, host -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        });

        long began = System.nanoTime();
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> delivery.postJson(target(Map.of()), URI.create("https://slow-dns.example/hook"), Map.of(), "{}"));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertTrue(took.compareTo(SHORT.plus(SLACK)) < 0, "took " + took);
        assertEquals("timed out after 2 s resolving slow-dns.example", e.getMessage());
    }

    @Test
    void aCallIsNotStartedWhenTheInvocationHasNoTimeLeftForIt() {
        DeliveryException e = assertThrows(DeliveryException.class, () -> InvocationTime.within(Optional.of(Duration.ofMillis(2500)),
                () -> http.postJson(target(Map.of()), server.url("/hook"), Map.of(), "{}")));

        assertTrue(e.retryable());
        assertEquals("not enough time left in this invocation to call 127.0.0.1; it will be retried", e.getMessage());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void aCallEndsWithinWhatTheInvocationHasLeft() {
        try (TricklingHttpServer trickle = TricklingHttpServer.head()) {
            long began = System.nanoTime();
            DeliveryException e = assertThrows(DeliveryException.class, () -> InvocationTime.within(Optional.of(Duration.ofSeconds(4)),
                    () -> http.postJson(target(Map.of()), trickle.url("/hook"), Map.of(), "{}")));
            Duration took = Duration.ofNanos(System.nanoTime() - began);

            assertTrue(e.getMessage().startsWith("timed out after "), e.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "the invocation's reserve is kept: took " + took);
        }
    }

    // --- what of an answer is kept -------------------------------------------------------------

    @Test
    void aLargeErrorAnswerIsKeptOnlyAsAShortExcerpt() {
        String answer = "upstream failed " + "y".repeat(1000) + " INTERNAL-ONLY-DETAIL " + "z".repeat(100_000);
        server.respondWith(Response.of(500, answer));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> http.postJson(target(Map.of()), server.url("/hook"), Map.of(), "{}"));

        assertTrue(e.getMessage().startsWith("127.0.0.1 answered 500: upstream failed yyy"), e.getMessage());
        assertTrue(e.getMessage().length() <= "127.0.0.1 answered 500: ".length() + HttpDelivery.MAX_EXCERPT, e.getMessage());
        assertFalse(e.getMessage().contains("INTERNAL-ONLY-DETAIL"), e.getMessage());
    }

    @Test
    void anExcerptIsPrintableAndShort() {
        String excerpt = HttpDelivery.excerpt("<html>\n\t<body>\u202Eevil\u0000 " + "w".repeat(500), List.of());

        assertTrue(excerpt.startsWith("<html> <body> evil w"), excerpt);
        assertEquals(HttpDelivery.MAX_EXCERPT, excerpt.length());
        assertTrue(excerpt.chars().noneMatch(Character::isISOControl), excerpt);
    }

    static ChannelTarget target(Map<String, String> secrets) {
        return target(ChannelType.WEBHOOK, secrets);
    }

    static ChannelTarget target(ChannelType type, Map<String, String> secrets) {
        Channel channel = new Channel("ch_test", type, "Test", true, true, Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH);
        return new ChannelTarget(channel, secrets);
    }

    static InetAddress address(String literal) {
        return OutboundRules.literal(literal).orElseThrow();
    }

    private static SSLSocketFactory tls(TlsReceiver receiver) {
        try {
            return receiver.clientTls();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
