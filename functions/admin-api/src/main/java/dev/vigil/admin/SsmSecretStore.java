package dev.vigil.admin;

import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Json;
import dev.vigil.store.SecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Channel secrets as SSM SecureString parameters (encrypted with KMS) named
 * {@code <CHANNEL_SECRETS_PREFIX>/<channel id>}, each holding the channel's secret settings as JSON.
 * The admin API writes, reads (to keep secrets an update leaves out) and deletes them.
 */
public final class SsmSecretStore implements SecretStore {
    private final AwsJsonCall ssm;
    private final String prefix;

    public SsmSecretStore(AwsJsonCall ssm, String prefix) {
        this.ssm = ssm;
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    @Override
    public void put(String channelId, Map<String, String> secrets) {
        ssm.call("PutParameter", Json.object().put("Name", name(channelId)).put("Type", "SecureString")
                .put("Overwrite", true).put("Value", Json.write(secrets)));
    }

    @Override
    public Map<String, String> get(String channelId) {
        String value;
        try {
            value = ssm.call("GetParameter", Json.object().put("Name", name(channelId)).put("WithDecryption", true))
                    .path("Parameter").path("Value").asText("{}");
        } catch (AwsJsonCall.Failure e) {
            if (e.type().equals("ParameterNotFound")) {
                return Map.of();
            }
            throw e;
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        try {
            Json.parse(value).fields().forEachRemaining(f -> secrets.put(f.getKey(), f.getValue().asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("Secrets of channel " + channelId + " are unreadable", e);
        }
        return secrets;
    }

    @Override
    public void delete(String channelId) {
        try {
            ssm.call("DeleteParameter", Json.object().put("Name", name(channelId)));
        } catch (AwsJsonCall.Failure e) {
            if (!e.type().equals("ParameterNotFound")) {
                throw e;
            }
        }
    }

    private String name(String channelId) {
        return prefix + "/" + channelId;
    }
}
