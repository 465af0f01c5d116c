package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.MotoServer;
import dev.vigil.testkit.SamTemplate;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/redrive-failed.sh against a stack on moto_server, with the aws CLI and jq as an operator runs
 * it: the failure record of a notifier is invoked again and removed from the queue; a failed stream
 * batch, a record naming a function outside the stack, and a message that is no record stay. moto runs
 * no Lambda code here (its Lambda stand-in accepts the invocation), so what was invoked is read from
 * the script's report. Skipped, saying why, without moto_server, the aws CLI or jq.
 */
class RedriveFailedScriptTest {
    /** Not us-east-1, where the aws CLI v1 sends SQS calls to a fixed legacy host whatever the endpoint. */
    private static final String REGION = "us-west-2";

    private final Path root = SamTemplate.locate().getParent();
    private MotoServer moto;
    private String function;
    private String queue;
    @TempDir
    Path tmp;

    @BeforeEach
    void stackOnMoto() throws Exception {
        assumeTrue(MotoServer.available(), () -> MotoServer.skipReason(getClass()));
        for (String tool : List.of("aws", "jq")) {
            assumeTrue(onPath(tool), () -> {
                String reason = tool + " not on PATH";
                System.out.println(getClass().getSimpleName() + " skipped: " + reason);
                return reason;
            });
        }
        moto = MotoServer.start();
        Path stack = Path.of(getClass().getResource("/redrive/stack.yaml").toURI());
        aws("cloudformation", "create-stack", "--stack-name", "vigil", "--template-body", "file://" + stack);
        // Invocations are accepted without running code (moto's Lambda stand-in, no Docker).
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(moto.endpoint() + "/moto-api/config"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lambda\":{\"use_docker\":false}}")).build(),
                HttpResponse.BodyHandlers.discarding());
        function = aws("cloudformation", "list-stack-resources", "--stack-name", "vigil", "--query",
                "StackResourceSummaries[?ResourceType=='AWS::Lambda::Function'].PhysicalResourceId", "--output", "text").strip();
        queue = aws("cloudformation", "describe-stacks", "--stack-name", "vigil", "--query",
                "Stacks[0].Outputs[?OutputKey=='AsyncFailureQueueUrl'].OutputValue", "--output", "text").strip();
    }

    @AfterEach
    void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void notifierFailureIsInvokedAgainAndLeavesTheQueueWhileWhatCannotBeRedrivenStays() throws Exception {
        ObjectNode record = (ObjectNode) Json.MAPPER.readTree(Files.readString(root.resolve("events/notifier-failure-record.json")));
        assertEquals(Json.MAPPER.readTree(Files.readString(root.resolve("events/application-down.json"))),
                record.get("requestPayload"), "the sample record carries the sample bus event");
        ((ObjectNode) record.get("requestContext")).put("functionArn",
                "arn:aws:lambda:" + REGION + ":123456789012:function:" + function + ":live");
        send(Json.write(record));
        send(Files.readString(root.resolve("events/stream-batch-failure-record.json")));
        send(Files.readString(root.resolve("events/notifier-failure-record.json")));
        send("not a failure record");

        String dryRun = script("vigil", "--dry-run");

        assertTrue(dryRun.contains("would invoke " + function + ":live with ApplicationDown app_k3v9x2m7q4pa-1 2026-11-24T11:58:12.045Z: "
                + Json.write(record.get("requestPayload"))), "the event it was given, as it was: " + dryRun);
        assertTrue(dryRun.endsWith("dry run: 0 redriven, 3 left in the queue\n"), dryRun);
        assertEquals(4, visibleMessages(), "a dry run changes nothing, and what it read is visible again");

        String run = script("vigil");

        assertTrue(run.contains("redriven "), run);
        assertTrue(run.contains(": " + function + ":live with ApplicationDown app_k3v9x2m7q4pa-1"), run);
        assertTrue(run.contains("\"stream\":{\"shardId\":\"shardId-00000001764000000000-3f1c2a9e\""),
                "a stream batch is listed with where it is in the stream: " + run);
        assertTrue(run.contains("'vigil-NotifySlackFunction-Q2w3E4r5T6y7' is not a function of vigil"),
                "a record naming another function is not invoked: " + run);
        assertTrue(run.contains("not a failure record"), run);
        assertTrue(run.endsWith("1 redriven, 3 left in the queue\n"), run);
        assertEquals(3, visibleMessages(), "the redriven record is gone; the others stay, visible");
    }

    private void send(String body) throws Exception {
        Path file = Files.writeString(tmp.resolve("message.json"), body);
        aws("sqs", "send-message", "--queue-url", queue, "--message-body", "file://" + file);
    }

    private int visibleMessages() throws Exception {
        return Integer.parseInt(aws("sqs", "get-queue-attributes", "--queue-url", queue, "--attribute-names",
                "ApproximateNumberOfMessages", "--query", "Attributes.ApproximateNumberOfMessages", "--output", "text").strip());
    }

    private String aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", moto.endpoint()));
        command.addAll(List.of(args));
        return run(command);
    }

    private String script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/redrive-failed.sh").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Map.of("AWS_ENDPOINT_URL", moto.endpoint(), "AWS_REGION", REGION,
                "AWS_DEFAULT_REGION", REGION, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_PAGER", ""));
        builder.environment().remove("AWS_PROFILE");
        Path err = tmp.resolve("stderr.txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished: " + command);
        assertEquals(0, process.exitValue(), command + " failed: " + out + Files.readString(err));
        return out;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
