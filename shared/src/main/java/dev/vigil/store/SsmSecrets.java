package dev.vigil.store;

import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Channel secrets in SSM Parameter Store: one SecureString parameter per channel,
 * {@code <prefix>/<channel type>/<channel id>} (for example {@code /vigil/prod/channels/slack/ch_k3v9x2m7q4pa}),
 * holding the channel's secret settings as a JSON object. The layout is defined here once. Grouping by
 * type lets each notifier's policy name its own type's path ({@link #typePath}) and no other. The admin
 * API uses it as its secret store; notifiers read through a cache ({@code SsmSecretReader}).
 */
public final class SsmSecrets implements SecretStore {
    private final AwsJsonCall ssm;
    private final String prefix;

    public SsmSecrets(AwsJsonCall ssm, String prefix) {
        this.ssm = ssm;
        this.prefix = withoutTrailingSlash(prefix);
    }

    /**
     * The path under which the secrets of every channel of {@code type} are kept, without a trailing
     * slash: {@code <prefix>/<channel type>}.
     */
    public static String typePath(String prefix, ChannelType type) {
        return withoutTrailingSlash(prefix) + "/" + type.wire();
    }

    /** The channel's secrets, decrypted; empty when it has none. */
    @Override
    public Map<String, String> get(ChannelType type, String channelId) {
        String value;
        try {
            value = ssm.call("GetParameter", Json.object().put("Name", name(type, channelId)).put("WithDecryption", true))
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
    public void put(ChannelType type, String channelId, Map<String, String> secrets) {
        ssm.call("PutParameter", Json.object().put("Name", name(type, channelId)).put("Type", "SecureString")
                .put("Overwrite", true).put("Value", Json.write(secrets)));
    }

    /** Deletes the channel's parameter; one that is already gone is fine. */
    @Override
    public void delete(ChannelType type, String channelId) {
        try {
            ssm.call("DeleteParameter", Json.object().put("Name", name(type, channelId)));
        } catch (AwsJsonCall.Failure e) {
            if (!e.type().equals("ParameterNotFound")) {
                throw e;
            }
        }
    }

    private String name(ChannelType type, String channelId) {
        return typePath(prefix, type) + "/" + channelId;
    }

    private static String withoutTrailingSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
