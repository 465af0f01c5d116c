package dev.vigil.admin;

import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;

/**
 * Where the admin key comes from: the secret named by {@code ADMIN_KEY_SECRET_ARN} on AWS (the
 * template stores the NoEcho parameter there; read once, at start-up), or {@code ADMIN_API_KEY} when
 * running locally.
 */
public final class AdminKeys {
    private AdminKeys() {
    }

    public static AdminKey fromEnv(Env env) {
        return env.get("ADMIN_API_KEY").map(AdminKey::new).orElseGet(() -> {
            AwsJsonCall secrets = AwsJsonCall.fromEnv(env, "SECRETS_MANAGER", "secretsmanager", "secretsmanager");
            return new AdminKey(secrets.call("GetSecretValue", Json.object().put("SecretId", env.require("ADMIN_KEY_SECRET_ARN")))
                    .path("SecretString").asText());
        });
    }
}
