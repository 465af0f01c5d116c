package dev.vigil.admin;

import dev.vigil.runtime.Clients;
import dev.vigil.runtime.Env;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where the admin key comes from: the secret named by {@code ADMIN_KEY_SECRET_ARN} on AWS (the
 * template stores the NoEcho parameter there), or {@code ADMIN_API_KEY} when running locally.
 */
public final class AdminKeys {
    private AdminKeys() {
    }

    public static AdminKey fromEnv(Env env) {
        return env.get("ADMIN_API_KEY").map(AdminKey::new).orElseGet(() -> {
            String secretArn = env.require("ADMIN_KEY_SECRET_ARN");
            try (SecretsManagerClient client = Clients.configure(SecretsManagerClient.builder(), env, "SECRETS_MANAGER")
                    .httpClient(Clients.httpClient()).build()) {
                return new AdminKey(client.getSecretValue(r -> r.secretId(secretArn)).secretString());
            }
        });
    }
}
