package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tags on applications and checks through the API: validated, stored lower-cased once each, shown, and
 * {@code ?tag=} filters that stay within the caller's tenant and page soundly.
 */
class TagsApiTest {
    private final AdminApiHarness api = new AdminApiHarness();

    /** A new application of the default tenant, a second after the one before (listings are oldest first). */
    private String app(String name, String tags) throws IOException {
        api.clock.advance(java.time.Duration.ofSeconds(1));
        return api.send("POST", "/api/applications", "{\"name\":\"" + name + "\",\"intervalSeconds\":60,\"tags\":" + tags + "}", 201)
                .path("id").asText();
    }

    private static List<String> names(JsonNode page, String list) {
        List<String> names = new ArrayList<>();
        page.path(list).forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    @Test
    void anApplicationsTagsAreStoredLowerCasedOnceEachAndShown() throws IOException {
        String id = app("billing", "[\"Prod\",\"eu-west\",\"PROD\"]");

        JsonNode shown = api.send("GET", "/api/applications/" + id, null, 200);

        assertEquals("[\"prod\",\"eu-west\"]", shown.path("tags").toString());
        JsonNode changed = api.send("PUT", "/api/applications/" + id, "{\"graceSeconds\":5}", 200);
        assertEquals("[\"prod\",\"eu-west\"]", changed.path("tags").toString(), "an update without tags keeps them");
        changed = api.send("PUT", "/api/applications/" + id, "{\"tags\":[]}", 200);
        assertEquals("[]", changed.path("tags").toString(), "an empty list removes them");
    }

    @Test
    void badTagsAre400AndNothingIsWritten() throws IOException {
        AdminApiHarness.Answer answer = api.call("POST", "/api/applications",
                "{\"name\":\"billing\",\"intervalSeconds\":60,\"tags\":[\"two words\"]}", Map.of());

        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.error().contains("tags must be at most 20 strings"), answer.error());
        assertEquals(0, api.count("ApplicationsTable"));
        assertEquals(400, api.call("POST", "/api/applications", "{\"name\":\"b\",\"intervalSeconds\":60,\"tags\":\"prod\"}", Map.of())
                .status(), "tags must be a list");
        AdminApiHarness.Answer badFilter = api.call("GET", "/api/applications?tag=no%20spaces", null, Map.of());
        assertEquals(400, badFilter.status());
        assertTrue(badFilter.error().startsWith("tag must name tags"), badFilter.error());
    }

    @Test
    void theTagFilterKeepsWhatCarriesEveryTagAsked() throws IOException {
        app("a", "[\"prod\",\"eu\"]");
        app("b", "[\"prod\"]");
        app("c", "[\"staging\",\"eu\"]");

        assertEquals(List.of("a", "b"), names(api.send("GET", "/api/applications?tag=prod", null, 200), "applications"));
        assertEquals(List.of("a"), names(api.send("GET", "/api/applications?tag=prod,eu", null, 200), "applications"));
        assertEquals(List.of("a", "c"), names(api.send("GET", "/api/applications?tag=EU", null, 200), "applications"));
        assertEquals(List.of(), names(api.send("GET", "/api/applications?tag=nothing", null, 200), "applications"));
    }

    @Test
    void aFilteredListingPagesThroughEveryMatchOnceWhateverTheirSpread() throws IOException {
        String key = api.key(api.tenant("acme"), "admin");
        List<String> expectedApps = new ArrayList<>();
        List<String> expectedChecks = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            boolean tagged = i % 3 != 1; // two matches often share an index page: a page may end between them
            String tags = tagged ? "[\"prod\"]" : "[\"other\"]";
            api.clock.advance(java.time.Duration.ofSeconds(1));
            api.callAs(key, "POST", "/api/applications", "{\"name\":\"app" + i + "\",\"intervalSeconds\":60,\"tags\":" + tags + "}");
            String check = api.callAs(key, "POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"check" + i + "\",\"settings\":"
                    + "{\"host\":\"db.example.com\",\"port\":5432},\"tags\":" + tags + "}").json().path("id").asText();
            if (tagged) {
                expectedApps.add("app" + i);
                expectedChecks.add(check);
            }
        }
        expectedChecks.sort(null);

        assertEquals(expectedApps, pagedNames(key, "/api/applications", "applications", "name"), "every tagged application once, in order");
        assertEquals(expectedChecks, pagedNames(key, "/api/checks", "checks", "id"), "every tagged check once, by id");
    }

    /** Every page of {@code path}?tag=prod&limit=2, following nextToken: each item's {@code field}. */
    private List<String> pagedNames(String key, String path, String list, String field) throws IOException {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = api.callAs(key, "GET", path + "?tag=prod&limit=2" + (token == null ? "" : "&nextToken="
                    + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)), null).json();
            assertTrue(page.has(list) && page.path(list).size() <= 2, page.toString());
            page.path(list).forEach(item -> seen.add(item.path(field).asText()));
            token = page.hasNonNull("nextToken") ? page.path("nextToken").asText() : null;
            pages++;
        } while (token != null && pages < 20);
        assertTrue(token == null, "the listing ends");
        return seen;
    }

    @Test
    void aTenantsFilterNeverShowsAnotherTenantsApplications() throws IOException {
        String other = api.tenant("other");
        String otherKey = api.key(other, "admin");
        api.callAs(otherKey, "POST", "/api/applications", "{\"name\":\"theirs\",\"intervalSeconds\":60,\"tags\":[\"prod\"]}");
        app("ours", "[\"prod\"]");

        assertEquals(List.of("ours"), names(api.send("GET", "/api/applications?tag=prod", null, 200), "applications"));
        assertEquals(List.of("theirs"), names(api.callAs(otherKey, "GET", "/api/applications?tag=prod", null).json(), "applications"));
    }

    @Test
    void checksCarryTagsAndAreFilteredByThem() throws IOException {
        String tagged = api.send("POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\","
                + "\"port\":5432},\"tags\":[\"Prod\",\"db\"]}", 201).path("id").asText();
        api.send("POST", "/api/checks", "{\"type\":\"tcp\",\"name\":\"cache\",\"settings\":{\"host\":\"cache.example.com\","
                + "\"port\":6379}}", 201);

        assertEquals("[\"prod\",\"db\"]", api.send("GET", "/api/checks/" + tagged, null, 200).path("tags").toString());
        assertEquals(List.of("db"), names(api.send("GET", "/api/checks?tag=prod", null, 200), "checks"));
        JsonNode renamed = api.send("PUT", "/api/checks/" + tagged, "{\"name\":\"primary db\"}", 200);
        assertEquals("[\"prod\",\"db\"]", renamed.path("tags").toString(), "an update without tags keeps them");
        assertEquals(400, api.call("PUT", "/api/checks/" + tagged, "{\"tags\":[\"a/b\"]}", Map.of()).status());
        assertFalse(names(api.send("GET", "/api/checks?tag=db", null, 200), "checks").isEmpty());
    }
}
