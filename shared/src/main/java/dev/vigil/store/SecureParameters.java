package dev.vigil.store;

import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Secret settings in SSM Parameter Store, one SecureString parameter per owner holding them as a JSON
 * object of strings, called directly ({@link AwsJsonCall}). Channel and check secrets both keep theirs
 * this way; each names its own parameters.
 */
public final class SecureParameters {
    private final AwsJsonCall ssm;

    public SecureParameters(AwsJsonCall ssm) {
        this.ssm = ssm;
    }

    /** The settings in parameter {@code name}, decrypted; empty when it does not exist. */
    public Map<String, String> get(String name) {
        String value;
        try {
            value = ssm.call("GetParameter", Json.object().put("Name", name).put("WithDecryption", true))
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
            throw new UncheckedIOException("parameter " + name + " is not a JSON object", e);
        }
        return Map.copyOf(secrets);
    }

    public void put(String name, Map<String, String> secrets) {
        ssm.call("PutParameter", Json.object().put("Name", name).put("Type", "SecureString")
                .put("Overwrite", true).put("Value", Json.write(secrets)));
    }

    /** Deletes the parameter; one that is already gone is fine. */
    public void delete(String name) {
        try {
            ssm.call("DeleteParameter", Json.object().put("Name", name));
        } catch (AwsJsonCall.Failure e) {
            if (!e.type().equals("ParameterNotFound")) {
                throw e;
            }
        }
    }

    /** {@code prefix} without a trailing slash. */
    public static String withoutTrailingSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
