package dev.vigil.store;

import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ComponentRef;
import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentStatus;
import dev.vigil.domain.Maintenance;
import dev.vigil.domain.StatusPage;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Status pages, incidents and maintenance notices in DynamoDB ({@code StatusPagesTable}), partitioned by
 * {@code tenantId} with typed sort keys: {@code page#<id>}, {@code incident#<id>}, {@code maintenance#<id>}.
 * A page's slug is unique across all tenants (its address is public): each page has a guard item under
 * {@code tenantId = slug#<slug>}, {@code item = slug}, naming the page, written in the same transaction as
 * the page and only if none exists. Incidents are also in the sparse index {@code incidentsByCreated}
 * ({@code incidentTenant}, {@code createdAt}), newest first for the page and its archive. Every item
 * carries a {@code version}; writes are conditional on the version read. The fields are one JSON document
 * ({@code doc}), laid out here once. Nothing here expires: incident history is kept. The public status page keeps one
 * last-good snapshot per page under {@code tenantId = snapshot#<slug>} (replaced in place, deleted with the page or
 * when its slug changes), so the page can still be shown when the live reads fail.
 */
public final class StatusPageStore {
    public static final String TABLE_SETTING = "STATUS_PAGES_TABLE";
    public static final String INCIDENTS_INDEX = "incidentsByCreated";
    private static final String PK = "tenantId";
    private static final String SK = "item";
    private static final int ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;

    public StatusPageStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** How a write that may claim a slug came out. */
    public enum Outcome { WRITTEN, SLUG_TAKEN, CHANGED }

    // ---- status pages

    /** Stores a new page and claims its slug; {@link Outcome#SLUG_TAKEN} (nothing written) when another page has it. */
    public Outcome createPage(StatusPage page) {
        return transact(List.of(claim(page), put(pageItem(page, 1), "attribute_not_exists(#pk)", Map.of("#pk", PK), Map.of())),
                page.slug(), page.id());
    }

    /**
     * Replaces the page stored at {@code read}'s version with {@code page}, moving its slug claim if the slug
     * changed; {@link Outcome#CHANGED} when the page changed or went meanwhile.
     */
    public Outcome replacePage(StatusPage read, StatusPage page) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(versioned(pageItem(page, read.version() + 1), read.version()));
        if (!read.slug().equals(page.slug())) {
            writes.add(claim(page));
            writes.add(release(read));
            writes.add(forgetSnapshot(read.slug()));
        }
        return transact(writes, page.slug(), page.id());
    }

    /** Deletes the page at {@code read}'s version and frees its slug; false when it changed or went meanwhile. */
    public boolean deletePage(StatusPage read) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#pk) AND " + ItemVersion.is(read.version(), names, values);
        return transact(List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(read.tenantId(), "page#" + read.id()))
                        .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values).build()).build(),
                release(read), forgetSnapshot(read.slug())), read.slug(), read.id()) == Outcome.WRITTEN;
    }

    public Optional<StatusPage> findPage(String tenantId, String id) {
        return get(tenantId, "page#" + id).map(StatusPageStore::page);
    }

    /** The page whose public address is {@code /status/<slug>}, whichever tenant owns it. */
    public Optional<StatusPage> findBySlug(String slug) {
        return get("slug#" + slug, "slug").flatMap(guard -> findPage(Attr.string(guard, "owner"), Attr.string(guard, "pageId")));
    }

    /** A tenant's pages (a tenant has a handful: at most one query page of them is read). */
    public List<StatusPage> listPages(String tenantId) {
        return prefixed(tenantId, "page#").stream().map(StatusPageStore::page).toList();
    }

    /** Whether the tenant has any page, incident or maintenance notice (one item read at most). */
    public boolean anyInTenant(String tenantId) {
        return dynamo.query(q -> q.tableName(table).keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", s(tenantId))).limit(1)).count() > 0;
    }

    // ---- incidents

    public boolean createIncident(Incident incident) {
        return conditional(put(incidentItem(incident, 1), "attribute_not_exists(#pk)", Map.of("#pk", PK), Map.of()));
    }

    /** Replaces the incident stored at {@code read}'s version; false when it changed or went meanwhile. */
    public boolean replaceIncident(Incident read, Incident incident) {
        return conditional(versioned(incidentItem(incident, read.version() + 1), read.version()));
    }

    public boolean deleteIncident(Incident read) {
        return deleteVersioned(read.tenantId(), "incident#" + read.id(), read.version());
    }

    public Optional<Incident> findIncident(String tenantId, String id) {
        return get(tenantId, "incident#" + id).map(StatusPageStore::incident);
    }

    /**
     * A tenant's incidents, newest first, created before {@code before} (none: up to now) and from
     * {@code after} on, at most {@code limit}, continuing after {@code token}.
     */
    public Page<Incident> incidents(String tenantId, Optional<Instant> before, Optional<Instant> after, int limit,
                                    Optional<String> token) {
        // Any instant a caller gives (before 1970, or past what milliseconds hold) bounds the range; an empty range
        // is no incident, not a query DynamoDB refuses.
        long upTo = before.map(at -> createdMillis(at) - 1).orElse(Long.MAX_VALUE);
        long from = after.map(StatusPageStore::createdMillis).orElse(0L);
        if (upTo < from) {
            return new Page<>(List.of(), Optional.empty());
        }
        Map<String, String> names = new HashMap<>(Map.of("#t", "incidentTenant", "#c", "createdAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":t", s(tenantId), ":before", n(upTo), ":after", n(from)));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(INCIDENTS_INDEX)
                .keyConditionExpression("#t = :t AND #c BETWEEN :after AND :before").expressionAttributeNames(names)
                .expressionAttributeValues(values).scanIndexForward(false).limit(limit);
        token.ifPresent(t -> query.exclusiveStartKey(PageToken.decode(t, Map.of(PK, "S", SK, "S", "incidentTenant", "S",
                "createdAt", "N"), "incidentTenant", tenantId)));
        QueryResponse response = dynamo.query(query.build());
        return new Page<>(response.items().stream().map(StatusPageStore::incident).toList(),
                PageToken.encode(response.lastEvaluatedKey()));
    }

    // ---- maintenance notices

    public boolean createMaintenance(Maintenance maintenance) {
        return conditional(put(maintenanceItem(maintenance, 1), "attribute_not_exists(#pk)", Map.of("#pk", PK), Map.of()));
    }

    public boolean replaceMaintenance(Maintenance read, Maintenance maintenance) {
        return conditional(versioned(maintenanceItem(maintenance, read.version() + 1), read.version()));
    }

    public boolean deleteMaintenance(Maintenance read) {
        return deleteVersioned(read.tenantId(), "maintenance#" + read.id(), read.version());
    }

    public Optional<Maintenance> findMaintenance(String tenantId, String id) {
        return get(tenantId, "maintenance#" + id).map(StatusPageStore::maintenance);
    }

    /** A tenant's maintenance notices, by id (notices are few: past ones are for the tenant to delete). */
    public List<Maintenance> listMaintenances(String tenantId) {
        return prefixed(tenantId, "maintenance#").stream().map(StatusPageStore::maintenance).toList();
    }

    /** An instant as a {@code createdAt} bound: its epoch milliseconds, held to 0 .. {@code Long.MAX_VALUE}. */
    private static long createdMillis(Instant at) {
        if (at.isBefore(Instant.EPOCH)) {
            return 0;
        }
        try {
            return at.toEpochMilli();
        } catch (ArithmeticException pastMillis) {
            return Long.MAX_VALUE;
        }
    }

    // ---- last-good snapshots

    /** A page's last-good public rendering, as its function wrote it ({@code document}), and when it was rendered. */
    public record Snapshot(String slug, Instant asOf, String document) {
    }

    /** The largest gzipped document kept: DynamoDB items hold at most 400 KB. */
    static final int SNAPSHOT_LIMIT_BYTES = 350 * 1024;

    /**
     * The last-good snapshot of the page at {@code /status/<slug>}: one eventually consistent read of the item
     * {@code tenantId = snapshot#<slug>}, {@code item = snapshot} (its document gzipped in {@code doc}).
     */
    public Optional<Snapshot> findSnapshot(String slug) {
        Map<String, AttributeValue> found = dynamo.getItem(g -> g.tableName(table).key(snapshotKey(slug))).item();
        if (found == null || found.isEmpty() || !found.containsKey("doc")) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(slug, Attr.instant(found, "asOf").orElse(Instant.EPOCH),
                Gzip.gunzip(found.get("doc").b().asByteArray())));
    }

    /**
     * Keeps {@code document}, rendered at {@code asOf}, as the page's last-good snapshot, replacing one rendered
     * at or before {@code replaceUpTo} only (so that however many containers render a page, it is written at
     * most once per interval); false when a newer one is kept or the document is too large to keep.
     */
    public boolean saveSnapshot(String slug, Instant asOf, String document, Instant replaceUpTo) {
        byte[] doc = Gzip.gzip(document);
        if (doc.length > SNAPSHOT_LIMIT_BYTES) {
            return false;
        }
        Map<String, AttributeValue> item = new HashMap<>(snapshotKey(slug));
        item.put("asOf", Attr.millis(asOf));
        item.put("doc", AttributeValue.fromB(SdkBytes.fromByteArray(doc)));
        try {
            dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(#a) OR #a <= :upTo")
                    .expressionAttributeNames(Map.of("#a", "asOf")).expressionAttributeValues(Map.of(":upTo", Attr.millis(replaceUpTo))));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
    }

    private TransactWriteItem forgetSnapshot(String slug) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(snapshotKey(slug)).build()).build();
    }

    private static Map<String, AttributeValue> snapshotKey(String slug) {
        return key("snapshot#" + slug, "snapshot");
    }

    // ---- items

    private static Map<String, AttributeValue> key(String tenantId, String item) {
        return Map.of(PK, s(tenantId), SK, s(item));
    }

    private Optional<Map<String, AttributeValue>> get(String tenantId, String item) {
        Map<String, AttributeValue> found = dynamo.getItem(g -> g.tableName(table).key(key(tenantId, item)).consistentRead(true)).item();
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(found);
    }

    private List<Map<String, AttributeValue>> prefixed(String tenantId, String prefix) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(q -> q.tableName(table).keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(tenantId), ":prefix", s(prefix))).consistentRead(true))
                .items().forEach(items::add);
        return items;
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, String> names,
                                  Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder().tableName(table).item(item).conditionExpression(condition).expressionAttributeNames(names);
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private TransactWriteItem versioned(Map<String, AttributeValue> item, long read) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#pk) AND " + ItemVersion.is(read, names, values);
        return put(item, condition, names, values);
    }

    private boolean conditional(TransactWriteItem write) {
        Put put = write.put();
        try {
            dynamo.putItem(p -> p.tableName(table).item(put.item()).conditionExpression(put.conditionExpression())
                    .expressionAttributeNames(put.expressionAttributeNames())
                    .expressionAttributeValues(put.expressionAttributeValues().isEmpty() ? null : put.expressionAttributeValues()));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    private boolean deleteVersioned(String tenantId, String item, long read) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#pk) AND " + ItemVersion.is(read, names, values);
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(key(tenantId, item)).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    /** The guard item that claims {@code page}'s slug, only if no page holds it. */
    private TransactWriteItem claim(StatusPage page) {
        Map<String, AttributeValue> guard = new HashMap<>(key("slug#" + page.slug(), "slug"));
        guard.put("owner", s(page.tenantId()));
        guard.put("pageId", s(page.id()));
        return put(guard, "attribute_not_exists(#pk)", Map.of("#pk", PK), Map.of());
    }

    /** Frees {@code page}'s slug, only if the page holds it. */
    private TransactWriteItem release(StatusPage page) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key("slug#" + page.slug(), "slug"))
                .conditionExpression("#page = :page").expressionAttributeNames(Map.of("#page", "pageId"))
                .expressionAttributeValues(Map.of(":page", s(page.id()))).build()).build();
    }

    /**
     * Runs {@code writes} as one transaction. When it is cancelled: {@link Outcome#SLUG_TAKEN} if another page
     * holds {@code slug}, else {@link Outcome#CHANGED}; a transaction that collided with another one is tried again.
     */
    private Outcome transact(List<TransactWriteItem> writes, String slug, String pageId) {
        for (int attempt = 0; ; attempt++) {
            try {
                dynamo.transactWriteItems(t -> t.transactItems(writes));
                return Outcome.WRITTEN;
            } catch (TransactionCanceledException cancelled) {
                if (!Transactions.lostRace(cancelled) && attempt + 1 < ATTEMPTS) {
                    continue;
                }
                if (!Transactions.lostRace(cancelled)) {
                    throw cancelled;
                }
                Optional<Map<String, AttributeValue>> guard = get("slug#" + slug, "slug");
                boolean takenByAnother = guard.isPresent() && !pageId.equals(Attr.string(guard.get(), "pageId"));
                return takenByAnother ? Outcome.SLUG_TAKEN : Outcome.CHANGED;
            }
        }
    }

    // ---- the documents

    private static Map<String, AttributeValue> item(String tenantId, String item, long version, ObjectNode doc) {
        Map<String, AttributeValue> fields = new HashMap<>(key(tenantId, item));
        fields.put(ItemVersion.ATTRIBUTE, n(version));
        fields.put("doc", s(Json.write(doc)));
        return fields;
    }

    private static Map<String, AttributeValue> pageItem(StatusPage page, long version) {
        ObjectNode doc = Json.object();
        doc.put("id", page.id()).put("tenantId", page.tenantId()).put("slug", page.slug()).put("title", page.title())
                .put("createdAt", page.createdAt().toEpochMilli());
        page.logoUrl().ifPresent(logo -> doc.put("logoUrl", logo.toString()));
        ArrayNode groups = doc.putArray("groups");
        page.groups().forEach(group -> {
            ObjectNode g = groups.addObject().put("name", group.name());
            ArrayNode components = g.putArray("components");
            group.components().forEach(c -> refNode(components.addObject(), c.ref()).put("displayName", c.displayName()));
        });
        Map<String, AttributeValue> item = item(page.tenantId(), "page#" + page.id(), version, doc);
        item.put("slug", s(page.slug()));
        return item;
    }

    private static StatusPage page(Map<String, AttributeValue> item) {
        JsonNode doc = doc(item);
        List<StatusPage.Group> groups = new ArrayList<>();
        doc.path("groups").forEach(g -> {
            List<StatusPage.Shown> shown = new ArrayList<>();
            g.path("components").forEach(c -> shown.add(new StatusPage.Shown(ref(c), c.path("displayName").asText())));
            groups.add(new StatusPage.Group(g.path("name").asText(), shown));
        });
        return new StatusPage(doc.path("id").asText(), doc.path("tenantId").asText(), doc.path("slug").asText(),
                doc.path("title").asText(), Optional.ofNullable(doc.get("logoUrl")).map(l -> URI.create(l.asText())), groups,
                Instant.ofEpochMilli(doc.path("createdAt").asLong()), ItemVersion.of(item));
    }

    private static Map<String, AttributeValue> incidentItem(Incident incident, long version) {
        ObjectNode doc = Json.object();
        doc.put("id", incident.id()).put("tenantId", incident.tenantId()).put("title", incident.title())
                .put("createdAt", incident.createdAt().toEpochMilli());
        incident.resolvedAt().ifPresent(at -> doc.put("resolvedAt", at.toEpochMilli()));
        ArrayNode affected = doc.putArray("affected");
        incident.affected().forEach(ref -> refNode(affected.addObject(), ref));
        ArrayNode updates = doc.putArray("updates");
        incident.updates().forEach(u -> updates.addObject().put("at", u.at().toEpochMilli()).put("status", u.status().wire())
                .put("message", u.message()));
        Map<String, AttributeValue> item = item(incident.tenantId(), "incident#" + incident.id(), version, doc);
        item.put("incidentTenant", s(incident.tenantId()));
        item.put("createdAt", n(incident.createdAt().toEpochMilli()));
        return item;
    }

    private static Incident incident(Map<String, AttributeValue> item) {
        JsonNode doc = doc(item);
        List<ComponentRef> affected = new ArrayList<>();
        doc.path("affected").forEach(a -> affected.add(ref(a)));
        List<Incident.Update> updates = new ArrayList<>();
        doc.path("updates").forEach(u -> updates.add(new Incident.Update(Instant.ofEpochMilli(u.path("at").asLong()),
                IncidentStatus.fromWire(u.path("status").asText()).orElse(IncidentStatus.INVESTIGATING), u.path("message").asText())));
        return new Incident(doc.path("id").asText(), doc.path("tenantId").asText(), doc.path("title").asText(), affected, updates,
                Instant.ofEpochMilli(doc.path("createdAt").asLong()),
                Optional.ofNullable(doc.get("resolvedAt")).map(at -> Instant.ofEpochMilli(at.asLong())), ItemVersion.of(item));
    }

    private static Map<String, AttributeValue> maintenanceItem(Maintenance m, long version) {
        ObjectNode doc = Json.object();
        doc.put("id", m.id()).put("tenantId", m.tenantId()).put("title", m.title()).put("message", m.message())
                .put("start", m.start().toEpochMilli()).put("end", m.end().toEpochMilli());
        ArrayNode affected = doc.putArray("affected");
        m.affected().forEach(ref -> refNode(affected.addObject(), ref));
        return item(m.tenantId(), "maintenance#" + m.id(), version, doc);
    }

    private static Maintenance maintenance(Map<String, AttributeValue> item) {
        JsonNode doc = doc(item);
        List<ComponentRef> affected = new ArrayList<>();
        doc.path("affected").forEach(a -> affected.add(ref(a)));
        return new Maintenance(doc.path("id").asText(), doc.path("tenantId").asText(), doc.path("title").asText(),
                doc.path("message").asText(), Instant.ofEpochMilli(doc.path("start").asLong()),
                Instant.ofEpochMilli(doc.path("end").asLong()), affected, ItemVersion.of(item));
    }

    private static ObjectNode refNode(ObjectNode node, ComponentRef ref) {
        return node.put("kind", ref.kind().wire()).put("id", ref.id());
    }

    private static ComponentRef ref(JsonNode node) {
        return new ComponentRef(ComponentRef.Kind.fromWire(node.path("kind").asText()).orElseThrow(), node.path("id").asText());
    }

    private static JsonNode doc(Map<String, AttributeValue> item) {
        try {
            return Json.parse(Attr.string(item, "doc"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status page item holds no valid document", e);
        }
    }
}
