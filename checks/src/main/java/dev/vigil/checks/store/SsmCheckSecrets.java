package dev.vigil.checks.store;

import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.store.SecureParameters;
import java.util.Map;

/**
 * Check secrets in SSM Parameter Store, laid out as channel secrets are: one SecureString parameter per
 * check, {@code <prefix>/<check id>}, holding the secret settings as a JSON object of strings; the prefix
 * is {@value #PREFIX_SETTING} (for example {@code /vigil/prod/checks}), beside the channels' own. A
 * function's policy can name that path and no other.
 */
public final class SsmCheckSecrets implements CheckSecrets {
    /** The environment variable naming the parameters' path. */
    public static final String PREFIX_SETTING = "CHECK_SECRETS_PREFIX";

    private final SecureParameters parameters;
    private final String prefix;

    public SsmCheckSecrets(AwsJsonCall ssm, String prefix) {
        this.parameters = new SecureParameters(ssm);
        this.prefix = SecureParameters.withoutTrailingSlash(prefix);
    }

    /** SSM as the environment configures it, under {@value #PREFIX_SETTING}. */
    public static SsmCheckSecrets fromEnv(Env env) {
        return new SsmCheckSecrets(AwsJsonCall.fromEnv(env, "SSM", "ssm", "AmazonSSM"), env.require(PREFIX_SETTING));
    }

    /** The parameter that holds a check's secrets. */
    public String name(String checkId) {
        return prefix + "/" + checkId;
    }

    @Override
    public Map<String, String> get(String checkId) {
        return parameters.get(name(checkId));
    }

    /** Stores a check's secrets; none at all removes its parameter. */
    @Override
    public void put(String checkId, Map<String, String> secrets) {
        if (secrets.isEmpty()) {
            delete(checkId);
            return;
        }
        parameters.put(name(checkId), secrets);
    }

    @Override
    public void delete(String checkId) {
        parameters.delete(name(checkId));
    }
}
