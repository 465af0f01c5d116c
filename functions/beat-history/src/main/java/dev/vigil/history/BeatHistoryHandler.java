package dev.vigil.history;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Priming;
import dev.vigil.store.RollupStore;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Invoked by the applications table's DynamoDB stream with a batch of changes (new and old images).
 * Beats become history entries and recoveries are announced; changes that are not beats (settings,
 * flips) are skipped, except that a change of uptime state is rolled up into the uptime table. A failure fails the whole batch, which Lambda retries (entries are idempotent,
 * the recovery announcement is conditional), splitting it in halves on repeated failure.
 */
public final class BeatHistoryHandler implements RequestStreamHandler, Priming.Primed {
    private static final Log LOG = Log.of(BeatHistoryHandler.class);

    private final BeatHistory history;

    /** On Lambda: everything from the environment. */
    public BeatHistoryHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    public BeatHistoryHandler(Platform platform) {
        this.history = new BeatHistory(platform.tables().applications(), platform.tables().heartbeats(),
                platform.ledger(), new RollupStore(platform.dynamo(), platform.env().require(RollupStore.TABLE_SETTING)),
                platform.clock());
    }

    /** A batch whose one change is no beat (a rename): read and skipped, so nothing is written. */
    @Override
    public void prime() {
        String image = "{\"uuid\":{\"S\":\"00000000-0000-4000-8000-000000000000\"},\"id\":{\"S\":\"app_primingprimi\"},"
                + "\"beats\":{\"N\":\"1\"},\"lastHeartbeat\":{\"N\":\"0\"},\"status\":{\"S\":\"up\"}}";
        String event = "{\"Records\":[{\"eventName\":\"MODIFY\",\"dynamodb\":{\"OldImage\":" + image
                + ",\"NewImage\":" + image + "}}]}";
        try {
            handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        history.prime();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.bind(context == null ? "beat-history" : context.getFunctionName(),
                context == null ? "-" : context.getAwsRequestId());
        JsonNode event = Json.read(input);
        List<BeatHistory.Change> changes = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            if ("MODIFY".equals(record.path("eventName").asText())) {
                JsonNode images = record.path("dynamodb");
                changes.add(new BeatHistory.Change(StreamImages.read(images.get("OldImage")),
                        StreamImages.read(images.get("NewImage"))));
            }
        }
        BeatHistory.Result result = history.apply(changes);
        if (result.beats() > 0) {
            LOG.info("Beat history written", "records", changes.size(), "beats", result.beats(),
                    "recoveries", result.recoveries(), "failures", result.failures());
        }
        output.write(Json.write(Json.object().put("beats", result.beats()).put("recoveries", result.recoveries())
                .put("failures", result.failures()))
                .getBytes(StandardCharsets.UTF_8));
    }
}
