package dev.vigil.checks.store;

import java.util.Map;

/**
 * Where the secret part of a check's settings is kept ({@link dev.vigil.checks.Settings}), one entry per
 * check, never in DynamoDB: SSM Parameter Store SecureStrings on AWS ({@link SsmCheckSecrets}). The
 * admin API writes them; the sweep reads them to run the check.
 */
public interface CheckSecrets {
    /** The check's secrets; empty when it has none. */
    Map<String, String> get(String checkId);

    /** Replaces the check's secrets; an empty map deletes them. */
    void put(String checkId, Map<String, String> secrets);

    void delete(String checkId);
}
