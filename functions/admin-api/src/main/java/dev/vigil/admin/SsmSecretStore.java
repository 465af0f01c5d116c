package dev.vigil.admin;

import dev.vigil.store.SecretStore;
import dev.vigil.store.SsmSecrets;
import java.util.Map;

/**
 * Channel secrets for the admin API, which writes them, reads them (to keep the ones an update leaves
 * out) and deletes them with their channel: SecureString parameters in SSM Parameter Store.
 */
public final class SsmSecretStore implements SecretStore {
    private final SsmSecrets ssm;

    public SsmSecretStore(SsmSecrets ssm) {
        this.ssm = ssm;
    }

    @Override
    public Map<String, String> get(String channelId) {
        return ssm.read(channelId);
    }

    @Override
    public void put(String channelId, Map<String, String> secrets) {
        ssm.write(channelId, secrets);
    }

    @Override
    public void delete(String channelId) {
        ssm.delete(channelId);
    }
}
