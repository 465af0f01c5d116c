package dev.vigil.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import dev.vigil.runtime.Priming;
import dev.vigil.store.SecretReader;
import dev.vigil.wiring.Platform;
import dev.vigil.wiring.Tables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The shell of every notifier function: reads the bus event, dispatches it to the channels of its
 * type and answers with a summary. An event that is not a Vigil alert is logged and dropped (retrying
 * cannot fix it). A delivery that fails in a way that may pass is scheduled again by the dispatcher;
 * only a failure to write the delivery records is thrown, so Lambda retries, then sends the event to
 * the failure queue.
 *
 * <p>Every notifier writes, per invocation, {@code DeliveriesSent} and {@code DeliveriesFailed} (every
 * failed attempt, whether it is retried or given up) with the dimension {@code Channel}, its channel
 * type ({@code slack}, {@code sns}, ...), under the function name {@code notify-<type>}.
 */
public abstract class NotifierFunction implements RequestStreamHandler, Priming.Primed {
    private static final Log LOG = Log.of(NotifierFunction.class);

    private final AlertDispatcher dispatcher;
    private final Metrics metrics;
    private final String channel;

    /** A notifier for a channel type without secrets. */
    protected NotifierFunction(Platform platform, ChannelType type, ChannelSender sender) {
        this(platform, SecretReader.NONE, type, sender);
    }

    /**
     * A notifier for {@code type} on {@code platform}: its channels and delivery records in the tables,
     * the noise policy from {@code URGENT_SEVERITIES}, {@code FLAP_THRESHOLD} and
     * {@code FLAP_WINDOW_MINUTES}, the first retry's wait from {@code RETRY_FIRST_DELAY_SECONDS}, channel
     * secrets from {@code secrets}.
     */
    protected NotifierFunction(Platform platform, SecretReader secrets, ChannelType type, ChannelSender sender) {
        Tables tables = platform.tables();
        Env env = platform.env();
        this.channel = type.wire();
        this.metrics = platform.metrics("notify-" + channel);
        NoisePolicy policy = NoisePolicy.configured(env.get("URGENT_SEVERITIES", "critical"),
                env.getLong("FLAP_THRESHOLD", 4), env.getLong("FLAP_WINDOW_MINUTES", 30), tables.events());
        this.dispatcher = new AlertDispatcher(type, new ChannelResolver(tables.channels(), secrets), sender,
                tables.notifications(), policy, tables.scheduled(), tables.applications(), platform.clock(),
                Duration.ofSeconds(env.getLong("RETRY_FIRST_DELAY_SECONDS", AlertDispatcher.FIRST_RETRY.toSeconds())));
    }

    /**
     * An alert routed to a channel nobody has, read from a bus event as a real one is: the channel lookup
     * and the noise policy's query run and find nothing, so nothing is sent, claimed or scheduled (and no
     * secret is read into the snapshot).
     */
    @Override
    public final void prime() {
        String envelope = "{\"source\":\"vigil\",\"detail-type\":\"ApplicationDown\",\"detail\":{"
                + "\"eventId\":\"app_primingprimi-1\",\"type\":\"ApplicationDown\",\"applicationId\":\"app_primingprimi\","
                + "\"name\":\"priming\",\"status\":\"down\",\"previousStatus\":\"up\",\"lastHeartbeat\":null,"
                + "\"deadline\":\"1970-01-01T00:01:00Z\",\"intervalSeconds\":60,\"graceSeconds\":0,"
                + "\"time\":\"1970-01-01T00:01:00Z\",\"channels\":[\"ch_primingprimin\"],\"severity\":\"critical\",\"flip\":1}}";
        dispatcher.prime(AlertEventCodec.fromBusEvent(Json.read(new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)))));
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.bind(context == null ? getClass().getSimpleName() : context.getFunctionName(),
                context == null ? "-" : context.getAwsRequestId());
        AlertEvent event;
        try {
            event = AlertEventCodec.fromBusEvent(Json.read(input));
        } catch (RuntimeException e) {
            LOG.error("Ignoring an event that is not a Vigil alert", e);
            output.write("{\"outcome\":\"ignored\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        // Calls are planned within what the invocation has left, so slow channels cannot time it out.
        Optional<Duration> remaining = context == null ? Optional.empty()
                : Optional.of(Duration.ofMillis(context.getRemainingTimeInMillis()));
        AlertDispatcher.Result result;
        try {
            result = InvocationTime.within(remaining, () -> dispatcher.dispatch(event));
            metrics.count("DeliveriesSent", "Channel", channel, result.sent());
            metrics.count("DeliveriesFailed", "Channel", channel, result.failed());
        } finally {
            metrics.flush();
        }
        ObjectNode summary = Json.object().put("outcome", "delivered").put("sent", result.sent())
                .put("alreadyHandled", result.alreadyHandled()).put("failed", result.failed());
        output.write(Json.write(summary).getBytes(StandardCharsets.UTF_8));
    }
}
