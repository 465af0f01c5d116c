package dev.vigil.store;

import dev.vigil.domain.ChannelType;
import java.util.Map;

/**
 * Where channel secrets (webhook URLs, tokens, signing secrets) are kept, one entry per channel,
 * grouped by channel type, never in DynamoDB: SSM Parameter Store SecureStrings on AWS. The admin API
 * writes them; notifiers only read them ({@link SecretReader}).
 */
public interface SecretStore extends SecretReader {
    void put(ChannelType type, String channelId, Map<String, String> secrets);

    void delete(ChannelType type, String channelId);
}
