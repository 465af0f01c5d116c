package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.WebAddress;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Outbound HTTP for the notifiers: what is a failure, and that a channel's secrets never reach an error. */
class HttpDeliveryTest {
    static final String TOKEN = "EAAGm0PX4ZCpsBAS3cr3tT0k3nZBZCxyz0123456789";
    static final String SECRET_PATH = "/hooks/T0k3n-1n-Th3-PaTh-9f8e7d6c";

    final HttpDelivery http = new HttpDelivery();
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
        String answer = "Invalid event: " + "x".repeat(270) + " key=" + TOKEN;
        server.respondWith(Response.of(400, answer));
        ChannelTarget target = target(Map.of("routingKey", TOKEN));

        DeliveryException e = assertThrows(DeliveryException.class, () -> http.postJson(target, server.url("/"), Map.of(), "{}"));

        assertTrue(e.getMessage().endsWith(" key=[redacted]"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN.substring(0, 4)), e.getMessage());
    }

    @Test
    void withoutATargetNothingIsRedacted() {
        server.respondWith(Response.of(400, "bad token " + TOKEN));

        DeliveryException e = assertThrows(DeliveryException.class, () -> http.postJson(server.url("/"), Map.of(), "{}"));

        assertEquals("127.0.0.1 answered 400: bad token " + TOKEN, e.getMessage());
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

    static ChannelTarget target(Map<String, String> secrets) {
        Channel channel = new Channel("ch_test", ChannelType.WEBHOOK, "Test", true, true, Map.of(), Map.of(),
                Instant.EPOCH, Instant.EPOCH);
        return new ChannelTarget(channel, secrets);
    }
}
