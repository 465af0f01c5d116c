package dev.vigil.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.channels.ChannelStore;
import dev.vigil.channels.ChannelType;
import dev.vigil.channels.SecretStore;
import dev.vigil.channels.SsmSecretStore;
import dev.vigil.config.Services;
import dev.vigil.events.AlertEvent;
import dev.vigil.json.Json;
import dev.vigil.log.Log;
import dev.vigil.store.Stores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The shell of every notifier function: reads the bus event, dispatches it to the channels of its
 * type and answers with a summary. An event that is not a Vigil alert is logged and dropped (retrying
 * cannot fix it); a retryable delivery failure is rethrown so Lambda retries, then dead-letters it.
 */
public abstract class NotifierFunction implements RequestStreamHandler {
    private static final Log LOG = Log.of(NotifierFunction.class);

    private final AlertDispatcher dispatcher;

    protected NotifierFunction(AlertDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** The dispatcher of a notifier for {@code type}, wired from the function's configuration. */
    protected static AlertDispatcher dispatcher(Services services, ChannelType type, ChannelSender sender) {
        SecretStore secrets = type.hasSecrets() ? services.port(SecretStore.class, SsmSecretStore::fromEnv) : SecretStore.NONE;
        ChannelResolver resolver = new ChannelResolver(
                new ChannelStore(services.dynamo(), services.env().require("CHANNELS_TABLE")), secrets);
        return new AlertDispatcher(type, resolver, sender, Stores.notifications(services),
                NoisePolicy.fromEnv(services.env(), Stores.events(services)), Stores.scheduled(services), services.clock());
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.bind(context == null ? getClass().getSimpleName() : context.getFunctionName(),
                context == null ? "-" : context.getAwsRequestId());
        AlertEvent event;
        try {
            event = AlertEvent.fromBusEvent(Json.read(input));
        } catch (RuntimeException e) {
            LOG.error("Ignoring an event that is not a Vigil alert", e);
            output.write("{\"outcome\":\"ignored\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        AlertDispatcher.Result result = dispatcher.dispatch(event);
        ObjectNode summary = Json.object().put("outcome", "delivered").put("sent", result.sent())
                .put("alreadyHandled", result.alreadyHandled()).put("failed", result.failed());
        output.write(Json.write(summary).getBytes(StandardCharsets.UTF_8));
    }

    public AlertDispatcher dispatcher() {
        return dispatcher;
    }
}
