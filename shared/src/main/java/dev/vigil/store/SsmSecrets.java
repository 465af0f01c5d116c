package dev.vigil.store;

import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Channel secrets in SSM Parameter Store: one SecureString parameter per channel,
 * {@code <prefix>/<channel id>}, holding the channel's secret settings as a JSON object. The layout is
 * defined here once. The admin API uses it as its secret store; notifiers read through a cache
 * ({@code SsmSecretReader}).
 */
public final class SsmSecrets implements SecretStore {
    private final AwsJsonCall ssm;
    private final String prefix;

    public SsmSecrets(AwsJsonCall ssm, String prefix) {
        this.ssm = ssm;
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** The channel's secrets, decrypted; empty when it has none. */
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
            throw new UncheckedIOException("the secrets of channel " + channelId + " are not a JSON object", e);
        }
        return Map.copyOf(secrets);
    }

    @Override
    public void put(String channelId, Map<String, String> secrets) {
        ssm.call("PutParameter", Json.object().put("Name", name(channelId)).put("Type", "SecureString")
                .put("Overwrite", true).put("Value", Json.write(secrets)));
    }

    /** Deletes the channel's parameter; one that is already gone is fine. */
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
