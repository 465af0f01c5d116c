package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagsTest {
    @Test
    void tagsAreLowerCasedListedOnceInTheOrderFirstGiven() {
        assertEquals(List.of("prod", "eu-west", "team:core"), Tags.normalize(List.of("Prod", "eu-west", "PROD", " team:core ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "emoji\u2603", "comma,separated", "slash/ed", "quote\""})
    void whatIsNotATagIsRefusedWithTheRule(String tag) {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> Tags.normalize(List.of(tag)));
        assertEquals(Tags.RULE, refused.getMessage());
    }

    @Test
    void aTagIsAtMostFiftyCharacters() {
        assertEquals(List.of("a".repeat(50)), Tags.normalize(List.of("a".repeat(50))));
        assertThrows(InvalidInput.class, () -> Tags.normalize(List.of("a".repeat(51))));
    }

    @Test
    void aResourceCarriesAtMostTwentyTagsCountedAfterDuplicatesAreDropped() {
        List<String> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add("t" + i);
        }
        List<String> withDuplicates = new ArrayList<>(twenty);
        withDuplicates.add("T0");
        assertEquals(twenty, Tags.normalize(withDuplicates));
        twenty.add("t20");
        assertThrows(InvalidInput.class, () -> Tags.normalize(twenty));
    }

    @Test
    void aFilterOfSeveralTagsKeepsOnlyWhatCarriesThemAll() {
        TagFilter filter = TagFilter.parse("prod,EU");

        assertEquals(List.of("prod", "eu"), filter.tags());
        assertTrue(filter.matches(List.of("eu", "db", "prod")));
        assertFalse(filter.matches(List.of("prod")));
        assertTrue(TagFilter.ALL.matches(List.of()), "no filter keeps everything");
    }

    @Test
    void aFilterRefusesWhatIsNoTagAndTooManyTags() {
        assertThrows(InvalidInput.class, () -> TagFilter.parse("prod,"));
        assertThrows(InvalidInput.class, () -> TagFilter.parse("a,b,c,d,e,f"));
    }
}
