package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.InvalidInput;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A check's settings: split into plain and write-only secret parts, and validated per type with clear messages. */
class SettingsTest {

    @Test
    void secretSettingsAreSplitOffAndOnlyTheirNamesRemain() {
        Settings settings = CheckTypes.settings("http", Runs.json("{'url': 'https://api.example.com/', 'headers': {'Accept': 'text/plain'},"
                + " 'secretHeaders': {'Authorization': 'Bearer abc', 'X-Api-Key': 'k1'}}"));
        assertEquals(Runs.json("{'url': 'https://api.example.com/', 'headers': {'Accept': 'text/plain'}}"), settings.plain());
        assertEquals(Map.of("secretHeaders/Authorization", "Bearer abc", "secretHeaders/X-Api-Key", "k1"), settings.secrets());
        assertEquals(Set.of("secretHeaders/Authorization", "secretHeaders/X-Api-Key"), settings.secretNames());
        assertEquals(Map.of("Authorization", "Bearer abc", "X-Api-Key", "k1"),
                Settings.of(settings.plain(), settings.secrets()).secretMap("secretHeaders"));
    }

    @Test
    void aPasswordIsASecret() {
        Settings settings = CheckTypes.settings("postgres", Runs.json("{'host': 'db.example.com', 'database': 'app', 'user': 'u',"
                + " 'password': 'pw'}"));
        assertFalse(settings.plain().has("password"));
        assertEquals(Map.of("password", "pw"), settings.secrets());
    }

    @Test
    void secretsAreShownOnlyAsTheirLastFourCharacters() {
        Settings settings = CheckTypes.settings("http", Runs.json("{'url': 'https://a.example.com/',"
                + " 'secretHeaders': {'Authorization': 'Bearer sk_live_abcd1234'}}"));
        assertEquals(Map.of("secretHeaders/Authorization", "****1234"), settings.secretHints());
    }

    @Test
    void anEditWithoutASecretKeepsTheStoredOne() {
        Settings edit = CheckTypes.settings("redis", Runs.json("{'host': 'cache.example.com', 'tls': true}"));
        Settings kept = edit.keepingSecrets(Map.of("password", "old"), Set.of());
        assertEquals(Map.of("password", "old"), kept.secrets());
        Settings replaced = CheckTypes.settings("redis", Runs.json("{'host': 'cache.example.com', 'password': 'new'}"))
                .keepingSecrets(Map.of("password", "old"), Set.of());
        assertEquals(Map.of("password", "new"), replaced.secrets());
        Settings headers = CheckTypes.settings("http", Runs.json("{'url': 'https://a.example.com/', 'secretHeaders': {'X-Key': 'n'}}"))
                .keepingSecrets(Map.of("secretHeaders/Authorization", "Bearer old"), Set.of());
        assertEquals(Map.of("secretHeaders/X-Key", "n"), headers.secrets(), "a sent secret object replaces the stored one whole");
        assertEquals(Map.of(), edit.keepingSecrets(Map.of("password", "old"), Set.of("password")).secrets(), "a cleared secret goes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gopher|{}|type must be one of http, tcp, dns, tls, statuspage, mcp, dynamodb-freshness, heartbeats, postgres, redis, was 'gopher'",
            "http|{'url': 'https://a.example.com/', 'verb': 'GET'}|http checks have no setting 'verb'; they take body, headers, method, secretHeaders, url",
            "http|{}|settings.url is required",
            "http|{'url': 'ftp://a.example.com/'}|settings.url must be an absolute http(s) URL",
            "http|{'url': 'https://u:p@a.example.com/'}|settings.url must not contain user info",
            "http|{'url': 'https://a.example.com/', 'method': 'TRACE'}|settings.method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
            "http|{'url': 'https://a.example.com/', 'body': 'x'}|settings.body is sent with POST, PUT or PATCH only",
            "http|{'url': 'https://a.example.com/', 'headers': {'Host': 'evil'}}|header Host is set by Vigil",
            "http|{'url': 'https://a.example.com/', 'headers': {'Bad Name': 'x'}}|is not a valid HTTP header name",
            "http|{'url': 'https://a.example.com/', 'secretHeaders': {'X': 1}}|settings.secretHeaders must be an object of strings",
            "tcp|{'host': 'db.example.com'}|settings.port is required",
            "tcp|{'host': 'db.example.com', 'port': 70000}|settings.port must be a whole number from 1 to 65535",
            "tcp|{'host': 'bad host!', 'port': 1}|settings.host is not a valid host name",
            "dns|{'host': '93.184.215.14'}|settings.host must be a name to look up",
            "dns|{'host': 'example.com', 'expected': ['example.org']}|settings.expected must list IP addresses",
            "dns|{'host': 'example.com', 'recordType': 'MX'}|settings.recordType must be one of A, AAAA, ANY",
            "dynamodb-freshness|{'table': 'orders', 'keyName': 'shop', 'keyValue': 'x', 'timeAttribute': 't', 'timeFormat': 'unix'}|settings.timeFormat must be one of epochMillis, epochSeconds, iso8601",
            "dynamodb-freshness|{'table': 'arn:aws:dynamodb:x', 'keyName': 'shop', 'keyValue': 'x', 'timeAttribute': 't'}|settings.table must be a DynamoDB table name",
            "heartbeats|{'applicationIds': ['nope']}|settings.applicationIds must list application ids",
            "postgres|{'host': 'db.example.com', 'database': 'app', 'user': 'u', 'sslMode': 'allow'}|settings.sslMode must be one of disable, require, verify-ca",
            "redis|{'host': 'cache.example.com', 'password': 5}|settings.password must be a string"})
    void badSettingsAreRefusedNamingTheSetting(String type, String settings, String message) {
        InvalidInput e = assertThrows(InvalidInput.class, () -> CheckTypes.settings(type, Runs.json(settings)));
        assertTrue(e.getMessage().startsWith(message) || e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aCheckRefusesATimeoutBeyondItsTierAndThresholdsOutOfRange() {
        Runs.Defined check = Runs.define("tcp", "{'host': 'db.example.com', 'port': 5432}");
        InvalidInput critical = assertThrows(InvalidInput.class, () -> new Check("chk_x00000000000", "t", "tcp", "n", Tier.CRITICAL,
                check.check().settings(), java.util.List.of(), java.time.Duration.ofSeconds(11), true, 1, 1, 1, java.time.Instant.now(),
                java.time.Instant.now()));
        assertEquals("timeout of a critical check must be more than 0 and at most 10 s", critical.getMessage());
        assertThrows(InvalidInput.class, () -> check.check().withThresholds(0, 1));
        assertThrows(InvalidInput.class, () -> check.check().withThresholds(1, 21));
    }

    @Test
    void aCheckRefusesConditionsItsTypeCannotJudge() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Runs.define("tcp", "{'host': 'db.example.com', 'port': 5432}",
                "status == 200"));
        assertTrue(e.getMessage().contains("tcp checks measure no 'status'"), e.getMessage());
    }
}
