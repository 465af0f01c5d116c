package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.AlertType;
import dev.vigil.checks.store.SsmCheckSecrets;
import dev.vigil.domain.Application;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.Fixture;
import dev.vigil.ingest.BeatIngestHandler;
import dev.vigil.notify.NotifierFunction;
import dev.vigil.runtime.Json;
import dev.vigil.store.SsmSecrets;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rules of the deployed stack, checked against template.yaml: each function may do what its code does
 * and no more, the HTTP API is throttled, and failed work alarms.
 */
class TemplateRulesTest {
    private static final String ARN = "arn:${AWS::Partition}:";
    /** Each notifier function and the channel type it delivers. */
    private static final Map<String, ChannelType> NOTIFIERS = Map.of(
            "NotifySnsFunction", ChannelType.SNS, "NotifyInAppFunction", ChannelType.INAPP,
            "NotifySlackFunction", ChannelType.SLACK, "NotifyDiscordFunction", ChannelType.DISCORD,
            "NotifyPagerDutyFunction", ChannelType.PAGERDUTY, "NotifyWebhookFunction", ChannelType.WEBHOOK,
            "NotifyWhatsAppFunction", ChannelType.WHATSAPP);

    private final SamTemplate template = SamTemplate.load();

    @Test
    void ingestIsAllowedExactlyTheDynamoDbCallsItMakesOnTheApplicationsTableAndTheHistoryPutOfBeatsWithABody()
            throws IOException {
        CountingDynamo counting = new CountingDynamo(DynamoLocal.shared().client());
        Fixture f = new Fixture("BeatIngestFunction", counting.client());
        Application active = f.register("active", 60, 0);
        Application paused = new Application("app_pausedpaused", UUID.randomUUID().toString(), "paused", 60, 0, Status.UP,
                Status.UP, false, Optional.empty(), Fixture.START, Optional.empty(), 0, Fixture.START, Fixture.START);
        f.applications().create(paused.withDueAt(Deadlines.deadline(paused)));
        int setUp = counting.calls().size();
        BeatIngestHandler ingest = new BeatIngestHandler(f.platform);

        for (String method : List.of("POST", "GET", "HEAD")) {
            for (String uuid : List.of(active.uuid(), paused.uuid(), UUID.randomUUID().toString(), "not-a-uuid")) {
                beat(ingest, method, uuid);
            }
        }
        exitCodeWithBody(ingest, active.uuid());
        ingest.prime();

        Set<String> called = counting.calls().subList(setUp, counting.calls().size()).stream()
                .map(call -> "dynamodb:" + Character.toUpperCase(call.charAt(0)) + call.substring(1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"), called, "what the ingest's code calls");
        assertEquals(List.of(), template.policyTemplates("BeatIngestFunction"), "no policy template grants more");
        // The slug URLs' statements are checked by the test below; these are the UUID beat's, and the failure count's.
        List<JsonNode> statements = template.policyStatements("BeatIngestFunction").stream()
                .filter(statement -> Set.of("RecordBeat", "RecordBeatPayload", "RecordIngestFailures")
                        .contains(statement.path("Sid").asText())).toList();
        assertEquals(called, actions(statements.stream()
                        .filter(statement -> !statement.path("Sid").asText().equals("RecordIngestFailures")).toList()),
                "the ingest's policy allows exactly what its code calls");
        for (JsonNode statement : statements) {
            assertEquals("Allow", statement.path("Effect").asText());
            if (statement.path("Sid").asText().equals("RecordIngestFailures")) {
                // A beat that could not be stored is counted in the ingest health: one UpdateItem, that table alone.
                assertEquals(Set.of("dynamodb:UpdateItem"), actions(List.of(statement)));
                assertEquals(List.of(Json.object().set("Fn::GetAtt", Json.MAPPER.valueToTree(List.of("IngestHealthTable", "Arn")))),
                        list(statement.path("Resource")));
                continue;
            }
            // The history put (a beat with a body) on the history table alone; every other call on the applications table alone.
            String table = actions(List.of(statement)).equals(Set.of("dynamodb:PutItem")) ? "HeartbeatsTable" : "ApplicationsTable";
            assertEquals(List.of(Json.object().set("Fn::GetAtt", Json.MAPPER.valueToTree(List.of(table, "Arn")))),
                    list(statement.path("Resource")), "the table alone: no action reads an index");
        }
        assertFalse(template.root().path("Globals").path("Function").has("EventInvokeConfig")
                        || template.resource("BeatIngestFunction").path("Properties").has("EventInvokeConfig"),
                "an asynchronous failure destination would also allow it sqs:SendMessage, and API Gateway invokes it synchronously");
    }

    @Test
    void slugBeatsReadAndClaimOnlyInTheBeatKeysTableAndMayOnlyPutNewApplications() throws IOException {
        CountingDynamo counting = new CountingDynamo(DynamoLocal.shared().client());
        Fixture f = new Fixture("BeatIngestFunction", counting.client());
        String pingKey = dev.vigil.domain.PingKey.generate();
        new dev.vigil.store.BeatKeyStore(f.platform.dynamo(), "BeatKeysTable").rotatePingKey("default", pingKey);
        int setUp = counting.calls().size();
        BeatIngestHandler ingest = new BeatIngestHandler(f.platform);

        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Files.readString(
                SamTemplate.locate().getParent().resolve("events").resolve("heartbeat-slug-create.json")));
        ((ObjectNode) event.get("pathParameters")).put("uuid", pingKey);
        ingest.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null);

        assertEquals(List.of("getItem", "getItem", "transactWriteItems", "updateItem"),
                counting.calls().subList(setUp, counting.calls().size()),
                "the key and the slug read, the application created with its claim and count, the beat");
        Map<String, JsonNode> bySid = new java.util.HashMap<>();
        template.policyStatements("BeatIngestFunction").forEach(st -> bySid.put(st.path("Sid").asText(), st));
        assertEquals(Set.of("RecordBeat", "RecordBeatPayload", "RecordIngestFailures", "AutoCreateApplication", "ResolveSlugUrls"),
                bySid.keySet());
        assertEquals(Set.of("dynamodb:PutItem"), actions(List.of(bySid.get("AutoCreateApplication"))),
                "the transaction's put of the new application, and nothing else more on the applications table");
        assertEquals(List.of(Json.object().set("Fn::GetAtt", Json.MAPPER.valueToTree(List.of("ApplicationsTable", "Arn")))),
                list(bySid.get("AutoCreateApplication").path("Resource")));
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                actions(List.of(bySid.get("ResolveSlugUrls"))), "reads, the slug's claim and the count; never a delete");
        assertEquals(List.of(Json.object().set("Fn::GetAtt", Json.MAPPER.valueToTree(List.of("BeatKeysTable", "Arn")))),
                list(bySid.get("ResolveSlugUrls").path("Resource")));
    }

    @Test
    void eachNotifierReadsOnlyItsOwnChannelTypesSecrets() throws ClassNotFoundException {
        Set<String> notifiers = new HashSet<>();
        for (SamTemplate.Function function : template.functions()) {
            if (NotifierFunction.class.isAssignableFrom(Class.forName(function.handlerClass()))) {
                notifiers.add(function.logicalId());
            }
        }
        assertEquals(NOTIFIERS.keySet(), notifiers, "every notifier in the template, and its channel type, is known here");
        String prefix = template.root().path("Globals").path("Function").path("Environment").path("Variables")
                .path("CHANNEL_SECRETS_PREFIX").path("Fn::Sub").asText();

        NOTIFIERS.forEach((function, type) -> {
            List<JsonNode> ssm = template.policyStatements(function).stream()
                    .filter(s -> actions(List.of(s)).stream().anyMatch(a -> a.startsWith("ssm:"))).toList();
            assertTrue(template.policyTemplates(function).stream().noneMatch(name -> name.startsWith("SSM")),
                    function + ": no SSM policy template");
            if (!type.hasSecrets()) {
                assertEquals(List.of(), ssm, function + " delivers a type without secrets and reads none");
                return;
            }
            assertEquals(1, ssm.size(), function + ": one statement for its secrets");
            assertEquals(Set.of("ssm:GetParameter"), actions(ssm), function + ": the one call SsmSecrets makes to read");
            JsonNode expected = Json.object().put("Fn::Sub",
                    ARN + "ssm:${AWS::Region}:${AWS::AccountId}:parameter" + SsmSecrets.typePath(prefix, type) + "/*");
            assertEquals(List.of(expected), list(ssm.get(0).path("Resource")), function + ": its own type's path only");
        });
    }

    @Test
    void everyNotifierRuleDeliversEveryKindOfAlertThatGoesOnTheBus() {
        // A flapping notice never goes on the bus: a notifier sends it in place of the flip it got.
        Set<String> onTheBus = new TreeSet<>();
        for (AlertType type : AlertType.values()) {
            if (type != AlertType.APPLICATION_FLAPPING) {
                onTheBus.add(type.wire());
            }
        }
        for (String function : NOTIFIERS.keySet()) {
            List<SamTemplate.Trigger> rules = template.function(function).orElseThrow().triggers().stream()
                    .filter(t -> t.type().equals("EventBridgeRule")).toList();
            assertEquals(1, rules.size(), function + " has one bus rule");
            JsonNode pattern = rules.get(0).properties().path("Pattern");
            assertEquals(List.of(AlertEventCodec.SOURCE), list(pattern.path("source")).stream().map(JsonNode::asText).toList(),
                    function);
            assertEquals(onTheBus, list(pattern.path("detail-type")).stream().map(JsonNode::asText)
                    .collect(Collectors.toCollection(TreeSet::new)), function + " delivers every alert on the bus, checks' too");
        }
    }

    @Test
    void theAdminApiReachesTheChannelAndCheckSecretPathsAndNoOtherParameter() {
        List<JsonNode> ssm = template.policyStatements("AdminApiFunction").stream()
                .filter(s -> actions(List.of(s)).stream().anyMatch(a -> a.startsWith("ssm:"))).toList();
        assertTrue(template.policyTemplates("AdminApiFunction").stream().noneMatch(name -> name.startsWith("SSM")), "no SSM policy template");
        assertEquals(Set.of("ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter"), actions(ssm), "what its secret stores call");
        Map<String, JsonNode> env = template.function("AdminApiFunction").orElseThrow().environment();
        Set<JsonNode> expected = new HashSet<>();
        for (String prefix : List.of("CHANNEL_SECRETS_PREFIX", SsmCheckSecrets.PREFIX_SETTING)) {
            expected.add(Json.object().put("Fn::Sub", ARN + "ssm:${AWS::Region}:${AWS::AccountId}:parameter"
                    + env.get(prefix).path("Fn::Sub").asText() + "/*"));
        }
        assertEquals(expected, new HashSet<>(ssm.stream().flatMap(s -> list(s.path("Resource")).stream()).toList()),
                "the paths its environment names, and no other");
    }

    @Test
    void snsNotifierPublishesToTheAlertTopicAndPrefixedTopicsOnly() {
        List<JsonNode> publish = template.policyStatements("NotifySnsFunction").stream()
                .filter(s -> actions(List.of(s)).stream().anyMatch(a -> a.startsWith("sns:"))).toList();
        assertEquals(Set.of("sns:Publish"), actions(publish));
        String prefixedTopics = ARN + "sns:${AWS::Region}:${AWS::AccountId}:${SnsTopicPrefix}";
        assertEquals(Set.of(Json.object().put("Ref", "AlertTopic"), Json.object().put("Fn::Sub", prefixedTopics + "*")),
                new HashSet<>(publish.stream().flatMap(s -> list(s.path("Resource")).stream()).toList()));
        assertFalse(template.parameterDefaults().get("SnsTopicPrefix").isEmpty(), "an empty prefix would allow every topic");
        assertEquals(Json.object().put("Fn::Sub", prefixedTopics), template.function("AdminApiFunction").orElseThrow()
                .environment().get("SNS_TOPIC_ARN_PREFIX"), "the admin API accepts the topics the notifier may publish to");
    }

    @Test
    void theDashboardServesItsPageAndFilesAndMayReachNothing() {
        assertEquals(Set.of("GET /", "GET /ui/{proxy+}"), routeKeys("DashboardFunction"));
        assertEquals(List.of(), template.policyTemplates("DashboardFunction"), "it reads no table and calls no AWS service");
        assertEquals(List.of(), template.policyStatements("DashboardFunction"));
        JsonNode url = template.root().path("Outputs").path("WebDashboardUrl").path("Value").path("Fn::Sub");
        assertTrue(url.asText().startsWith("https://${HttpApi}.execute-api."), "the WebDashboardUrl output is the API's own origin: " + url);
    }

    @Test
    void everyRouteIsThrottledAndTheAdminRoutesTighter() {
        JsonNode api = template.resource("HttpApi").path("Properties");
        assertEquals(Json.object().put("Ref", "ApiThrottlingBurstLimit"), api.path("DefaultRouteSettings").path("ThrottlingBurstLimit"));
        assertEquals(Json.object().put("Ref", "ApiThrottlingRateLimit"), api.path("DefaultRouteSettings").path("ThrottlingRateLimit"));

        Set<String> adminRoutes = routeKeys("AdminApiFunction");
        Set<String> throttled = new HashSet<>();
        api.path("RouteSettings").fieldNames().forEachRemaining(throttled::add);
        assertEquals(adminRoutes, throttled, "each admin route has its own, tighter, setting");
        for (String route : adminRoutes) {
            JsonNode setting = api.path("RouteSettings").path(route);
            assertEquals(Json.object().put("Ref", "AdminApiThrottlingBurstLimit"), setting.path("ThrottlingBurstLimit"), route);
            assertEquals(Json.object().put("Ref", "AdminApiThrottlingRateLimit"), setting.path("ThrottlingRateLimit"), route);
        }
        assertTrue(routeKeys("BeatIngestFunction").stream().noneMatch(throttled::contains), "heartbeats take the default");

        Map<String, String> defaults = template.parameterDefaults();
        assertTrue(Double.parseDouble(defaults.get("AdminApiThrottlingRateLimit")) < Double.parseDouble(defaults.get("ApiThrottlingRateLimit")));
        assertTrue(Integer.parseInt(defaults.get("AdminApiThrottlingBurstLimit")) < Integer.parseInt(defaults.get("ApiThrottlingBurstLimit")));
    }

    @Test
    void everyFailureQueueAlarmsTheAlertTopicWhenItHoldsAMessage() {
        Set<String> destinations = new TreeSet<>();
        Set<String> workQueues = new TreeSet<>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((name, function) -> {
            JsonNode props = function.path("Properties");
            onFailureQueue(props.path("EventInvokeConfig")).ifPresent(destinations::add);
            props.path("Events").forEach(event -> onFailureQueue(event.path("Properties")).ifPresent(destinations::add));
            props.path("Events").forEach(event -> {
                if (event.path("Type").asText().equals("SQS")) {
                    workQueues.add(event.path("Properties").path("Queue").path("Fn::GetAtt").path(0).asText());
                }
            });
        });
        for (String queue : workQueues) {
            JsonNode redrive = template.resource(queue).path("Properties").path("RedrivePolicy");
            destinations.add(redrive.path("deadLetterTargetArn").path("Fn::GetAtt").path(0).asText());
            assertEquals(3, redrive.path("maxReceiveCount").asInt(), queue + ": a message is tried three times");
        }
        Set<String> accounted = new TreeSet<>(destinations);
        accounted.addAll(workQueues);
        assertEquals(template.resourcesOfType("AWS::SQS::Queue").keySet(), accounted,
                "every queue is a failure destination, a dead-letter queue, or a queue a function reads; and each a queue of the stack");

        for (String queue : destinations) {
            List<JsonNode> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm").values().stream()
                    .map(a -> a.path("Properties"))
                    .filter(a -> a.path("Dimensions").path(0).path("Value")
                            .equals(Json.object().set("Fn::GetAtt", Json.MAPPER.valueToTree(List.of(queue, "QueueName")))))
                    .toList();
            assertEquals(1, alarms.size(), queue + " has an alarm");
            JsonNode alarm = alarms.get(0);
            assertEquals("AWS/SQS", alarm.path("Namespace").asText());
            assertEquals("ApproximateNumberOfMessagesVisible", alarm.path("MetricName").asText());
            assertEquals("QueueName", alarm.path("Dimensions").path(0).path("Name").asText());
            assertEquals("GreaterThanThreshold", alarm.path("ComparisonOperator").asText());
            assertEquals(0, alarm.path("Threshold").asInt(), "one message is enough");
            assertEquals("notBreaching", alarm.path("TreatMissingData").asText(), "an idle queue reports no data");
            assertTrue(list(alarm.path("AlarmActions")).contains(Json.object().put("Ref", "AlertTopic")),
                    "the alarm reaches the alert topic's subscribers");
        }
    }

    @Test
    void eachScheduledFunctionAlarmsWhenItIsNotInvokedOrFailsAndMayOnlyPutItsPulse() {
        Map<String, String> schedules = Map.of("MissedBeatDetectorFunction", "DetectorSchedule", "TenantSweepFunction", "SweepSchedule",
                "RecoveryFunction", "RecoverySchedule",
                "PulseFunction", "PulseSchedule");
        schedules.forEach((function, parameter) -> {
            List<JsonNode> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm").values().stream().map(a -> a.path("Properties"))
                    .filter(a -> a.path("Dimensions").path(0).path("Value").equals(Json.object().put("Ref", function))).toList();
            JsonNode missing = alarms.stream().filter(a -> a.path("MetricName").asText().equals("Invocations")).findFirst().orElseThrow();
            JsonNode errors = alarms.stream().filter(a -> a.path("MetricName").asText().equals("Errors")).findFirst().orElseThrow();
            long schedule = dev.vigil.runtime.ScheduleRate.parse(template.parameterDefaults().get(parameter)).toSeconds();
            assertTrue(missing.path("Period").asLong() >= schedule * 3 / 2, function + ": at least 1.5 schedules without a call");
            assertEquals("LessThanThreshold", missing.path("ComparisonOperator").asText());
            assertEquals(1, missing.path("Threshold").asInt());
            assertEquals("breaching", missing.path("TreatMissingData").asText(), function + ": no data means no invocation");
            assertEquals("GreaterThanThreshold", errors.path("ComparisonOperator").asText());
            for (JsonNode alarm : List.of(missing, errors)) {
                assertEquals("AWS/Lambda", alarm.path("Namespace").asText());
                assertTrue(list(alarm.path("AlarmActions")).contains(Json.object().put("Ref", "AlertTopic")), function);
            }
            assertEquals(Json.object().put("Ref", "PulseTable"), template.function(function).orElseThrow().environment().get("PULSE_TABLE"));
            assertEquals(Json.object().put("Ref", parameter),
                    template.function(function).orElseThrow().environment().get("SCHEDULE_EXPRESSION"), function);
            List<JsonNode> pulse = template.policyStatements(function).stream()
                    .filter(st -> list(st.path("Resource")).contains(Json.object().set("Fn::GetAtt",
                            Json.MAPPER.valueToTree(List.of("PulseTable", "Arn")))))
                    .toList();
            assertEquals(Set.of("dynamodb:PutItem"), actions(pulse), function + " only overwrites its pulse");
        });
        assertEquals(Json.object().put("Ref", "PulseTable"), template.function("AdminApiFunction").orElseThrow().environment().get("PULSE_TABLE"));
    }

    @Test
    void thePulseMayOnlyRecordAlertEventsAndMarkThemPublished() {
        JsonNode eventsArn = Json.object().set("Fn::GetAtt", Json.MAPPER.valueToTree(List.of("EventsTable", "Arn")));
        List<JsonNode> events = template.policyStatements("PulseFunction").stream()
                .filter(st -> list(st.path("Resource")).contains(eventsArn)).toList();
        assertEquals(Set.of("dynamodb:PutItem", "dynamodb:UpdateItem"), actions(events), "as every other ledger writer");
        assertTrue(list(template.resource("PulseFunction").path("Properties").path("Policies")).stream()
                .noneMatch(policy -> policy.path("DynamoDBCrudPolicy").path("TableName").equals(Json.object().put("Ref", "EventsTable"))),
                "no CRUD on the ledger");
    }

    @Test
    void theDashboardPlotsEveryMetricInTheFunctionsNamespaceAndShowsEveryAlarm() throws Exception {
        Map<String, String> stack = Map.of("AWS::StackName", "vigil-prod");
        String namespace = template.resolve(template.root().path("Globals").path("Function").path("Environment").path("Variables")
                .path("METRICS_NAMESPACE"), stack);
        assertEquals("Vigil/vigil-prod", namespace, "one namespace per stack");
        JsonNode dashboard = template.resource("MetricsDashboard");
        assertEquals("AWS::CloudWatch::Dashboard", dashboard.path("Type").asText());
        JsonNode body = Json.parse(template.resolve(dashboard.path("Properties").path("DashboardBody"), stack));
        List<String> plotted = new ArrayList<>();
        Set<String> alarms = new HashSet<>();
        for (JsonNode widget : body.path("widgets")) {
            widget.path("properties").path("alarms").forEach(a -> alarms.add(a.asText()));
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                if (metric.path(0).has("expression")) {
                    plotted.add(metric.path(0).path("expression").asText());
                } else {
                    assertEquals(namespace, metric.path(0).asText(), metric.toString());
                    plotted.add(metric.path(1).asText() + " " + metric.path(2).asText() + "=" + metric.path(3).asText());
                }
            }
        }
        Map<String, String> explicit = Map.of("BeatsIngested", "beat-ingest", "BeatsRejected", "beat-ingest",
                "Flips", "missed-beat-detector", "AlertsPublished", "missed-beat-detector", "DetectorDurationMs", "missed-beat-detector",
                "TenantsSwept", "tenant-sweep", "SweepDurationMs", "tenant-sweep", "RecoveryDurationMs", "recovery");
        explicit.forEach((metric, function) -> assertTrue(plotted.contains(metric + " Function=" + function), metric + " in " + plotted));
        Map<String, String> searched = Map.of("DeliveriesSent", "Channel", "DeliveriesFailed", "Channel", "CheckResults", "Status");
        searched.forEach((metric, dimension) -> assertTrue(plotted.contains("SEARCH('{\"" + namespace + "\",Function," + dimension
                + "} MetricName=\"" + metric + "\"', 'Sum', 300)"), metric + " in " + plotted));
        Set<String> expectedAlarms = new HashSet<>();
        template.resourcesOfType("AWS::CloudWatch::Alarm").keySet().forEach(id -> expectedAlarms.add(id + ".Arn"));
        assertEquals(expectedAlarms, alarms, "the dashboard shows every alarm of the stack");
        assertTrue(template.root().path("Outputs").path("MetricsDashboardUrl").path("Value").toString().contains("MetricsDashboard"));
    }

    @Test
    void theSweepQueueOutlastsTheSweepAndOnlyFailedMessagesAreRetried() {
        JsonNode function = template.resource("TenantSweepFunction").path("Properties");
        JsonNode queue = template.resource("SweepQueue").path("Properties");
        assertTrue(queue.path("VisibilityTimeout").asInt() >= 6 * function.path("Timeout").asInt(),
                "a message stays hidden while an invocation that took it may still run (six times the timeout)");
        JsonNode batches = function.path("Events").path("Batches").path("Properties");
        assertEquals(List.of(Json.MAPPER.getNodeFactory().textNode("ReportBatchItemFailures")), list(batches.path("FunctionResponseTypes")));
        assertEquals(Json.object().put("Ref", "SweepSchedule"), function.path("Events").path("Tick").path("Properties").path("Schedule"));
        assertEquals("rate(5 minutes)", template.parameterDefaults().get("SweepSchedule"));
        assertEquals(Json.object().put("Ref", "SweepQueue"), function.path("Environment").path("Variables").path("SWEEP_QUEUE_URL"));
        assertEquals(Set.of("EventBridgePutEventsPolicy", "SQSSendMessagePolicy", "Fn::If"), Set.copyOf(template.policyTemplates("TenantSweepFunction")),
                "the bus, its own queue, and freshness tables only when a prefix is given");
        JsonNode send = list(template.resource("TenantSweepFunction").path("Properties").path("Policies")).stream()
                .filter(p -> p.has("SQSSendMessagePolicy")).findFirst().orElseThrow().path("SQSSendMessagePolicy");
        assertEquals("SweepQueue", send.path("QueueName").path("Fn::GetAtt").path(0).asText(), "it may send to its own queue only");
    }

    @Test
    void theSweepRunsInAVpcOnlyWhenSubnetsAreGiven() {
        JsonNode vpc = template.resource("TenantSweepFunction").path("Properties").path("VpcConfig").path("Fn::If");
        assertEquals("HasSweepVpc", vpc.path(0).asText());
        assertEquals(Json.object().put("Ref", "SweepSubnetIds"), vpc.path(1).path("SubnetIds"));
        assertEquals(Json.object().put("Ref", "SweepSecurityGroupIds"), vpc.path(1).path("SecurityGroupIds"));
        assertEquals(Json.object().put("Ref", "AWS::NoValue"), vpc.path(2));
        assertEquals("", template.parameterDefaults().get("SweepSubnetIds"), "no VPC unless asked for");
        assertEquals("CommaDelimitedList", template.root().path("Parameters").path("SweepSubnetIds").path("Type").asText());
    }

    @Test
    void theSweepReadsOnlyItsOwnCheckSecretsAndWritesOnlyWhatItRecords() {
        List<JsonNode> statements = template.policyStatements("TenantSweepFunction");
        Set<String> actions = actions(statements);
        assertTrue(actions.stream().noneMatch(a -> a.equals("dynamodb:Scan") || a.equals("dynamodb:DeleteItem") || a.endsWith("*")),
                "no scan, no delete, no wildcard: " + actions);
        List<JsonNode> ssm = statements.stream().filter(s -> actions(List.of(s)).stream().anyMatch(a -> a.startsWith("ssm:"))).toList();
        assertEquals(Set.of("ssm:GetParameter"), actions(ssm));
        assertEquals(List.of(Json.object().put("Fn::Sub", ARN + "ssm:${AWS::Region}:${AWS::AccountId}:parameter/vigil/${AWS::StackName}/checks/*")),
                list(ssm.get(0).path("Resource")));
        assertEquals(Json.object().put("Fn::Sub", "/vigil/${AWS::StackName}/checks"),
                template.function("TenantSweepFunction").orElseThrow().environment().get("CHECK_SECRETS_PREFIX"));
        JsonNode executions = template.resource("SweepExecutionsTable").path("Properties");
        assertEquals("expiresAt", executions.path("TimeToLiveSpecification").path("AttributeName").asText(), "what SweepLog writes");
    }

    @Test
    void recoveryRunsOnItsOwnScheduleInvokesOnlyTheSweepAndWritesOnlyItsOwnRecords() {
        JsonNode function = template.resource("RecoveryFunction").path("Properties");
        assertEquals(Json.object().put("Ref", "RecoverySchedule"), function.path("Events").path("Tick").path("Properties").path("Schedule"));
        assertEquals("rate(5 minutes)", template.parameterDefaults().get("RecoverySchedule"));
        assertEquals(Set.of("DynamoDBCrudPolicy", "EventBridgePutEventsPolicy", "LambdaInvokePolicy", "SQSSendMessagePolicy"),
                Set.copyOf(template.policyTemplates("RecoveryFunction")));
        List<JsonNode> policies = list(function.path("Policies"));
        JsonNode invoke = policies.stream().filter(p -> p.has("LambdaInvokePolicy")).findFirst().orElseThrow().path("LambdaInvokePolicy");
        assertEquals(Json.object().put("Ref", "TenantSweepFunction"), invoke.path("FunctionName"), "it may invoke the sweep only");
        JsonNode crud = policies.stream().filter(p -> p.has("DynamoDBCrudPolicy")).findFirst().orElseThrow().path("DynamoDBCrudPolicy");
        assertEquals(Json.object().put("Ref", "RecoveryTable"), crud.path("TableName"), "it writes freely only its own records");
        Set<String> actions = actions(template.policyStatements("RecoveryFunction"));
        assertTrue(actions.stream().noneMatch(a -> a.equals("dynamodb:DeleteItem") || a.endsWith("*")), actions.toString());
        assertEquals(Json.object().put("Ref", "TenantSweepFunction"),
                template.function("RecoveryFunction").orElseThrow().environment().get("SWEEP_FUNCTION_NAME"));
        assertEquals(Json.object().put("Ref", "RecoveryTable"),
                template.function("AdminApiFunction").orElseThrow().environment().get("RECOVERY_TABLE"), "the admin API runs it on request");
        assertEquals("expiresAt", template.resource("RecoveryTable").path("Properties").path("TimeToLiveSpecification")
                .path("AttributeName").asText(), "what RecoveryLog writes");
    }

    private static Optional<String> onFailureQueue(JsonNode config) {
        JsonNode destination = config.path("DestinationConfig").path("OnFailure").path("Destination").path("Fn::GetAtt");
        return destination.isArray() ? Optional.of(destination.path(0).asText()) : Optional.empty();
    }

    private Set<String> routeKeys(String function) {
        Set<String> keys = new HashSet<>();
        template.function(function).orElseThrow().triggers().stream().filter(t -> t.type().equals("HttpApi"))
                .forEach(t -> keys.add(t.properties().path("Method").asText().toUpperCase() + " " + t.properties().path("Path").asText()));
        return keys;
    }

    private static Set<String> actions(List<JsonNode> statements) {
        return statements.stream().flatMap(s -> list(s.path("Action")).stream()).map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode()) {
            items.add(node);
        }
        return items;
    }

    /** One request through the handler as API Gateway sends it: the sample beat with this method and UUID. */
    /** The sample exit-code beat, which carries a body: its history entry is the ingest's second write. */
    private static void exitCodeWithBody(RequestStreamHandler ingest, String uuid) throws IOException {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Files.readString(
                SamTemplate.locate().getParent().resolve("events").resolve("heartbeat-exit-code.json")));
        ((ObjectNode) event.get("pathParameters")).put("uuid", uuid);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ingest.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        assertEquals(200, Json.MAPPER.readTree(out.toByteArray()).path("statusCode").asInt(), "the beat with a body was stored");
    }

    private static void beat(RequestStreamHandler ingest, String method, String uuid) throws IOException {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Files.readString(
                SamTemplate.locate().getParent().resolve("events").resolve("heartbeat-post.json")));
        ((ObjectNode) event.path("requestContext").path("http")).put("method", method);
        event.put("routeKey", method + " /heartbeat/{uuid}");
        ((ObjectNode) event.get("requestContext")).put("routeKey", method + " /heartbeat/{uuid}");
        ((ObjectNode) event.get("pathParameters")).put("uuid", uuid);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ingest.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        int status = Json.MAPPER.readTree(out.toByteArray()).path("statusCode").asInt();
        assertTrue(status == 200 || status == 404, method + " " + uuid + " answered " + status);
    }
}
