package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlugsTest {
    @Test
    void aNameBecomesLowerCaseWordsJoinedByDashes() {
        assertEquals("nightly-backup", Slugs.fromName("Nightly Backup"));
        assertEquals("db-backup-eu-west-1", Slugs.fromName("  DB backup (eu-west-1)!  "));
        assertEquals("etl_job_2", Slugs.fromName("etl_job_2"));
    }

    @Test
    void accentsAndSymbolsCollapseIntoOneDashAndNoneAtTheEnds() {
        assertEquals("caf-cr-me", Slugs.fromName("Café — Crème"));
        assertEquals("a-b", Slugs.fromName("--a---b--"));
    }

    @Test
    void aNameWithoutLettersOrDigitsGetsTheFallback() {
        assertEquals("app", Slugs.fromName("!!! ???"));
        assertEquals("app", Slugs.fromName(""));
    }

    @Test
    void aLongNameIsCutToTheMaximumWithoutATrailingDash() {
        String slug = Slugs.fromName("x".repeat(99) + " tail");
        assertEquals(99, slug.length(), slug);
        assertTrue(Slugs.isValid(slug));
        assertEquals(100, Slugs.fromName("y".repeat(300)).length());
    }

    @Test
    void everyDerivedSlugIsValid() {
        for (String name : new String[] {"Nightly Backup", "ÄÖÜ", "a/b\\c", "x".repeat(500), "123", "--", "日本語 job"}) {
            assertTrue(Slugs.isValid(Slugs.fromName(name)), name + " -> " + Slugs.fromName(name));
        }
    }

    @Test
    void numberedAlternativesStayWithinTheMaximumAndDiffer() {
        assertEquals("nightly-backup-2", Slugs.numbered("nightly-backup", 2));
        String longest = "z".repeat(100);
        Set<String> seen = new HashSet<>();
        for (int n = 2; n <= 20; n++) {
            String numbered = Slugs.numbered(longest, n);
            assertTrue(Slugs.isValid(numbered), numbered);
            assertTrue(seen.add(numbered));
            assertNotEquals(longest, numbered);
        }
    }

    @Test
    void onlyLowerCaseLettersDigitsDashAndUnderscoreUpToAHundredAreValid() {
        assertTrue(Slugs.isValid("a"));
        assertTrue(Slugs.isValid("nightly_backup-2"));
        assertFalse(Slugs.isValid(""));
        assertFalse(Slugs.isValid(null));
        assertFalse(Slugs.isValid("Nightly"));
        assertFalse(Slugs.isValid("a b"));
        assertFalse(Slugs.isValid("a/b"));
        assertFalse(Slugs.isValid("x".repeat(101)));
    }

    @Test
    void aPingKeyIs22UrlSafeCharactersAndNeverRepeats() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = PingKey.generate();
            assertTrue(PingKey.isWellFormed(key), key);
            assertTrue(keys.add(key));
        }
        assertFalse(PingKey.isWellFormed("3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13"), "a UUID is no ping key");
        assertFalse(PingKey.isWellFormed("abc+defghijklmnopqrstu"), "standard base64's + is not URL safe");
    }
}
