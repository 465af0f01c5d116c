package dev.vigil.channels;

import java.util.Map;

/** Where channel secrets are kept, one entry per channel id: SSM Parameter Store on AWS. */
public interface SecretStore {
    /** For notifiers whose channel type has no secrets: they need not reach (or ship) the secret store. */
    SecretStore NONE = new SecretStore() {
        @Override
        public void put(String channelId, Map<String, String> secrets) {
            throw new UnsupportedOperationException("this function keeps no secrets");
        }

        @Override
        public Map<String, String> get(String channelId) {
            return Map.of();
        }

        @Override
        public void delete(String channelId) {
            throw new UnsupportedOperationException("this function keeps no secrets");
        }
    };

    void put(String channelId, Map<String, String> secrets);

    /** The channel's secrets; empty when it has none. */
    Map<String, String> get(String channelId);

    void delete(String channelId);
}
