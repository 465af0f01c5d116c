package dev.vigil.channels;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The secret store of the local runner and of tests: secrets kept in this process's memory only. */
public final class InMemorySecretStore implements SecretStore {
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    @Override
    public void put(String channelId, Map<String, String> values) {
        secrets.put(channelId, Map.copyOf(values));
    }

    @Override
    public Map<String, String> get(String channelId) {
        return secrets.getOrDefault(channelId, Map.of());
    }

    @Override
    public void delete(String channelId) {
        secrets.remove(channelId);
    }
}
