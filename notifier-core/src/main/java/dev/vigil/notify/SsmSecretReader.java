package dev.vigil.notify;

import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.store.SecretReader;
import dev.vigil.store.SsmSecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads channel secrets for the notifiers: the SecureString parameter
 * {@code <prefix>/<channel type>/<channel id>} ({@link SsmSecrets}: the channel's secret settings as
 * JSON), decrypted, and cached for a short time so that an alert
 * burst does not call SSM once per channel per alert. It calls SSM's {@code GetParameter} directly
 * ({@link AwsJsonCall}), so a notifier does not ship the SDK's SSM module to read one parameter.
 * Notifiers only read: writing and deleting are the admin API's.
 */
public final class SsmSecretReader implements SecretReader {
    /** How long a secret read is reused; a changed secret reaches the notifiers within it. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final SsmSecrets ssm;
    private final Duration ttl;
    private final Clock clock;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    private record Key(ChannelType type, String channelId) {
    }

    private record Cached(Map<String, String> secrets, Instant until) {
    }

    public SsmSecretReader(SsmSecrets ssm, Duration ttl, Clock clock) {
        this.ssm = ssm;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The reader a notifier uses on AWS: {@code CHANNEL_SECRETS_PREFIX}, the region's SSM endpoint (or an override). */
    public static SsmSecretReader fromEnv(Env env) {
        return new SsmSecretReader(new SsmSecrets(AwsJsonCall.fromEnv(env, "SSM", "ssm", "AmazonSSM"),
                env.require("CHANNEL_SECRETS_PREFIX")), DEFAULT_TTL, Clock.systemUTC());
    }

    @Override
    public Map<String, String> get(ChannelType type, String channelId) {
        Instant now = clock.instant();
        Key key = new Key(type, channelId);
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.secrets();
        }
        Map<String, String> secrets = ssm.get(type, channelId);
        cache.put(key, new Cached(secrets, now.plus(ttl)));
        return secrets;
    }

}
