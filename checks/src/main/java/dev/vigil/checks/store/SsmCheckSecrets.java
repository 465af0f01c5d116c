package dev.vigil.checks.store;

import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
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

    private final AwsJsonCall ssm;
    private final String prefix;

    public SsmCheckSecrets(AwsJsonCall ssm, String prefix) {
        this.ssm = ssm;
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
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
        String value;
        try {
            value = ssm.call("GetParameter", Json.object().put("Name", name(checkId)).put("WithDecryption", true))
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
            throw new UncheckedIOException("the secrets of check " + checkId + " are not a JSON object", e);
        }
        return Map.copyOf(secrets);
    }

    @Override
    public void put(String checkId, Map<String, String> secrets) {
        if (secrets.isEmpty()) {
            delete(checkId);
            return;
        }
        ssm.call("PutParameter", Json.object().put("Name", name(checkId)).put("Type", "SecureString")
                .put("Overwrite", true).put("Value", Json.write(secrets)));
    }

    @Override
    public void delete(String checkId) {
        try {
            ssm.call("DeleteParameter", Json.object().put("Name", name(checkId)));
        } catch (AwsJsonCall.Failure e) {
            if (!e.type().equals("ParameterNotFound")) {
                throw e;
            }
        }
    }
}
