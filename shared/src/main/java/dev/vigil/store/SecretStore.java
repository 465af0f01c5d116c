package dev.vigil.store;

import java.util.Map;

/**
 * Where channel secrets (webhook URLs, tokens, signing secrets) are kept, one entry per channel id,
 * never in DynamoDB: SSM Parameter Store SecureStrings on AWS. The admin API writes them; notifiers
 * only read them ({@link SecretReader}).
 */
public interface SecretStore extends SecretReader {
    void put(String channelId, Map<String, String> secrets);

    void delete(String channelId);
}
