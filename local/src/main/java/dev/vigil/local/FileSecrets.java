package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.store.CheckSecrets;
import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.Json;
import dev.vigil.store.SecretStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runner's stand-in for SSM Parameter Store when it keeps its data on disk: channel and check
 * secrets in one JSON file, readable by its owner only (0600), rewritten whole on every change.
 * <pre>{"channels": {"webhook": {"ch_...": {"url": "..."}}}, "checks": {"chk_...": {"password": "..."}}}</pre>
 */
final class FileSecrets {
    private final Path file;
    private final ObjectNode content;

    FileSecrets(Path file) {
        this.file = file;
        this.content = DataDir.read(file).map(FileSecrets::parse).orElseGet(Json::object);
    }

    private static ObjectNode parse(String text) {
        try {
            JsonNode parsed = Json.parse(text);
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (Exception e) {
            // reported below
        }
        throw new IllegalStateException("the secrets file is not a JSON object; fix or remove it");
    }

    /** The channel secrets, as the admin API writes and the notifiers read them. */
    SecretStore channels() {
        return new SecretStore() {
            @Override
            public void put(ChannelType type, String channelId, Map<String, String> secrets) {
                write("channels", type.wire(), channelId, secrets);
            }

            @Override
            public Map<String, String> get(ChannelType type, String channelId) {
                return read("channels", type.wire(), channelId);
            }

            @Override
            public void delete(ChannelType type, String channelId) {
                write("channels", type.wire(), channelId, Map.of());
            }
        };
    }

    /** The check secrets, as the admin API writes and the sweep reads them. */
    CheckSecrets checks() {
        return new CheckSecrets() {
            @Override
            public Map<String, String> get(String checkId) {
                return read("checks", null, checkId);
            }

            @Override
            public void put(String checkId, Map<String, String> secrets) {
                write("checks", null, checkId, secrets);
            }

            @Override
            public void delete(String checkId) {
                write("checks", null, checkId, Map.of());
            }
        };
    }

    private synchronized Map<String, String> read(String kind, String group, String id) {
        JsonNode entry = content.path(kind);
        if (group != null) {
            entry = entry.path(group);
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        entry.path(id).fields().forEachRemaining(e -> secrets.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(secrets);
    }

    /** Replaces one entry's secrets (none: removes it) and writes the file. */
    private synchronized void write(String kind, String group, String id, Map<String, String> secrets) {
        ObjectNode parent = content.has(kind) ? (ObjectNode) content.get(kind) : content.putObject(kind);
        if (group != null) {
            parent = parent.has(group) ? (ObjectNode) parent.get(group) : parent.putObject(group);
        }
        if (secrets.isEmpty()) {
            parent.remove(id);
        } else {
            ObjectNode entry = parent.putObject(id);
            secrets.forEach(entry::put);
        }
        DataDir.writePrivately(file, Json.write(content));
    }
}
