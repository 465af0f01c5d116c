package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.store.SecretStore;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Channel secrets as SSM SecureString parameters (encrypted with KMS) named
 * {@code <CHANNEL_SECRETS_PREFIX>/<channel id>}, each holding the channel's secret settings as JSON.
 */
public final class SsmSecretStore implements SecretStore {
    private final SsmClient ssm;
    private final String prefix;

    public SsmSecretStore(SsmClient ssm, String prefix) {
        this.ssm = ssm;
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    @Override
    public void put(String channelId, Map<String, String> secrets) {
        ssm.putParameter(p -> p.name(name(channelId)).type(ParameterType.SECURE_STRING).overwrite(true)
                .value(Json.write(secrets)).description("Vigil channel secrets"));
    }

    @Override
    public Map<String, String> get(String channelId) {
        try {
            String value = ssm.getParameter(g -> g.name(name(channelId)).withDecryption(true)).parameter().value();
            JsonNode node = Json.parse(value);
            Map<String, String> secrets = new LinkedHashMap<>();
            node.fields().forEachRemaining(f -> secrets.put(f.getKey(), f.getValue().asText()));
            return secrets;
        } catch (ParameterNotFoundException none) {
            return Map.of();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Secrets of channel " + channelId + " are unreadable");
        }
    }

    @Override
    public void delete(String channelId) {
        try {
            ssm.deleteParameter(d -> d.name(name(channelId)));
        } catch (ParameterNotFoundException alreadyGone) {
            // Nothing to delete.
        }
    }

    private String name(String channelId) {
        return prefix + "/" + channelId;
    }
}
