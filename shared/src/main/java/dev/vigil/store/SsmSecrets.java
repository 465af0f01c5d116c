package dev.vigil.store;

import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.AwsJsonCall;
import java.util.Map;

/**
 * Channel secrets in SSM Parameter Store: one SecureString parameter per channel,
 * {@code <prefix>/<channel type>/<channel id>} (for example {@code /vigil/prod/channels/slack/ch_k3v9x2m7q4pa}),
 * holding the channel's secret settings as a JSON object. The layout is defined here once. Grouping by
 * type lets each notifier's policy name its own type's path ({@link #typePath}) and no other. The admin
 * API uses it as its secret store; notifiers read through a cache ({@code SsmSecretReader}).
 */
public final class SsmSecrets implements SecretStore {
    private final SecureParameters parameters;
    private final String prefix;

    public SsmSecrets(AwsJsonCall ssm, String prefix) {
        this.parameters = new SecureParameters(ssm);
        this.prefix = SecureParameters.withoutTrailingSlash(prefix);
    }

    /**
     * The path under which the secrets of every channel of {@code type} are kept, without a trailing
     * slash: {@code <prefix>/<channel type>}.
     */
    public static String typePath(String prefix, ChannelType type) {
        return SecureParameters.withoutTrailingSlash(prefix) + "/" + type.wire();
    }

    /** The channel's secrets, decrypted; empty when it has none. */
    @Override
    public Map<String, String> get(ChannelType type, String channelId) {
        return parameters.get(name(type, channelId));
    }

    @Override
    public void put(ChannelType type, String channelId, Map<String, String> secrets) {
        parameters.put(name(type, channelId), secrets);
    }

    /** Deletes the channel's parameter; one that is already gone is fine. */
    @Override
    public void delete(ChannelType type, String channelId) {
        parameters.delete(name(type, channelId));
    }

    private String name(ChannelType type, String channelId) {
        return typePath(prefix, type) + "/" + channelId;
    }
}
