package dev.vigil.checks;

import dev.vigil.runtime.PinnedExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One HTTP request of a probe (http, statuspage, mcp) and what it measured: connected, status, latencyMs. */
final class HttpProbing {
    /** The most of an answer's body a check reads (what its conditions can see). */
    static final int MAX_BODY = 64 * 1024;

    private HttpProbing() {
    }

    /** The answer, with the measurement started; or a measurement of the failure (not connected, the problem). */
    record Outcome(Optional<PinnedExchange.Answer> answer, Measurement.Builder measurement) {
        String body() {
            return answer.map(a -> new String(a.body(), StandardCharsets.UTF_8)).orElse("");
        }
    }

    /**
     * Sends the request. Secrets (secret header values) are never sent in plain text to a public
     * address: over http they are refused unless private targets are allowed for the run.
     */
    static Outcome call(ProbeCall call, String method, URI url, Map<String, String> headers, boolean carriesSecrets, byte[] body)
            throws Outbound.Refused {
        if (carriesSecrets && "http".equals(url.getScheme()) && !call.outbound().allowsPrivate()) {
            throw new Outbound.Refused("refused to check " + url.getHost() + ": secret headers are sent over https only");
        }
        Measurement.Builder measurement = Measurement.builder();
        long start = System.nanoTime();
        try {
            PinnedExchange.Answer answer = call.outbound().http(method, url, headers, body, call.deadline(), MAX_BODY);
            measurement.flag("connected", true).number("status", answer.status())
                    .number("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return new Outcome(Optional.of(answer), measurement);
        } catch (IOException e) {
            measurement.flag("connected", false).problem(Outbound.describe(e, url.getHost()));
            return new Outcome(Optional.empty(), measurement);
        }
    }
}
