package dev.vigil.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import java.util.List;

/**
 * The sweep queue on SQS ({@value #URL_SETTING}), sent to with {@code SendMessageBatch} (ten messages a
 * call) over SQS's JSON protocol, without the SQS SDK module.
 */
public final class SqsSweepQueue implements SweepQueue {
    public static final String URL_SETTING = "SWEEP_QUEUE_URL";
    /** The most messages one SendMessageBatch call takes. */
    static final int BATCH = 10;

    private final AwsJsonCall sqs;
    private final String queueUrl;

    public SqsSweepQueue(AwsJsonCall sqs, String queueUrl) {
        this.sqs = sqs.json10();
        this.queueUrl = queueUrl;
    }

    public static SqsSweepQueue fromEnv(Env env) {
        return new SqsSweepQueue(AwsJsonCall.fromEnv(env, "SQS", "sqs", "AmazonSQS"), env.require(URL_SETTING));
    }

    @Override
    public void send(List<SweepMessage> messages) {
        for (int from = 0; from < messages.size(); from += BATCH) {
            List<SweepMessage> batch = messages.subList(from, Math.min(messages.size(), from + BATCH));
            ObjectNode request = Json.object().put("QueueUrl", queueUrl);
            ArrayNode entries = request.putArray("Entries");
            for (int i = 0; i < batch.size(); i++) {
                entries.addObject().put("Id", Integer.toString(i)).put("MessageBody", batch.get(i).body());
            }
            JsonNode failed = sqs.call("SendMessageBatch", request).path("Failed");
            if (!failed.isEmpty()) {
                throw new IllegalStateException("SQS did not take " + failed.size() + " of " + batch.size()
                        + " sweep messages: " + failed.path(0).path("Code").asText("unknown error"));
            }
        }
    }
}
