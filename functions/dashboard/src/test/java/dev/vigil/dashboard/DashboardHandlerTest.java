package dev.vigil.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The dashboard's files as a browser gets them: the page, hashed files, caching, gzip, 404s and the security headers. */
class DashboardHandlerTest {
    private static final Pattern REFERENCE = Pattern.compile("\"/ui/([^\"]+)\"");
    private final DashboardHandler handler = new DashboardHandler(Assets.bundled());

    @Test
    void theSampleEventGetsThePageUncachedWithTheSecurityHeaders() throws IOException {
        byte[] event = Files.readAllBytes(SamTemplate.locate().getParent().resolve("events").resolve("dashboard-get-index.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        JsonNode response = Json.MAPPER.readTree(out.toByteArray());

        assertEquals(200, response.path("statusCode").asInt());
        JsonNode headers = response.path("headers");
        assertEquals("text/html; charset=utf-8", headers.path("content-type").asText());
        assertEquals("no-cache", headers.path("cache-control").asText());
        assertSecurityHeaders(headers::path);
        assertTrue(response.path("isBase64Encoded").asBoolean(), "the sample accepts gzip");
        assertEquals("gzip", headers.path("content-encoding").asText());
        String page = gunzip(Base64.getDecoder().decode(response.path("body").asText()));
        assertTrue(page.contains("<title>Vigil</title>"), page);
    }

    @Test
    void thePageNamesItsFilesByContentHashAndTheyAreCachedForAYear() {
        String page = get("GET /", "/", Map.of(), Map.of()).body();
        Matcher references = REFERENCE.matcher(page);
        int found = 0;
        while (references.find()) {
            String name = references.group(1);
            assertTrue(name.matches("[a-z0-9-]+\\.[0-9a-f]{10}\\.[a-z]+"), "hashed: " + name);
            HttpResponse file = asset(name, Map.of());
            assertEquals(200, file.statusCode(), name);
            assertEquals(DashboardHandler.IMMUTABLE, file.headers().get("cache-control"), name);
            assertSecurityHeaders(h -> Optional.ofNullable(file.headers().get(h)).map(Json.MAPPER.getNodeFactory()::textNode)
                    .map(JsonNode.class::cast).orElse(Json.MAPPER.missingNode()));
            found++;
        }
        assertEquals(4, found, "the icon, the two style sheets and the main module");
        assertTrue(page.contains("/ui/" + Assets.hashed("app.css", asset(served("app.css"), Map.of()).body()
                .getBytes(StandardCharsets.UTF_8))), "the name is the hash of the content served under it");
    }

    @Test
    void modulesImportEachOtherByHashedName() {
        String main = asset(served("main.js"), Map.of()).body();
        assertTrue(main.contains("'./" + served("api.js") + "'") || main.contains("'./" + served("session.js") + "'"), main);
        assertFalse(main.contains("'./session.js'"), "no import is left unhashed");
    }

    @Test
    void uPlotIsServedFromItsWebjarWithItsLicence() {
        String chart = asset(served("chart.js"), Map.of()).body();
        assertTrue(chart.contains("from './" + served("uplot.js") + "'"), "the chart imports the vendored module by its hashed name");
        assertTrue(asset(served("uplot.js"), Map.of()).body().contains("export { uPlot as default }"));
        assertTrue(asset(served("uplot-licence.txt"), Map.of()).body().contains("MIT License"));
    }

    @Test
    void eachFileHasItsContentType() {
        assertEquals("text/javascript; charset=utf-8", asset(served("main.js"), Map.of()).headers().get("content-type"));
        assertEquals("text/css; charset=utf-8", asset(served("app.css"), Map.of()).headers().get("content-type"));
        assertEquals("image/svg+xml", asset(served("favicon.svg"), Map.of()).headers().get("content-type"));
    }

    @Test
    void aClientThatAcceptsGzipGetsTheSameBytesCompressed() throws IOException {
        HttpResponse plain = asset(served("page-applications.js"), Map.of());
        HttpResponse gzipped = asset(served("page-applications.js"), Map.of("accept-encoding", "br, gzip"));

        assertFalse(plain.base64Encoded());
        assertTrue(gzipped.base64Encoded());
        assertEquals("gzip", gzipped.headers().get("content-encoding"));
        assertEquals("accept-encoding", gzipped.headers().get("vary"));
        assertEquals(plain.body(), gunzip(Base64.getDecoder().decode(gzipped.body())));
    }

    @Test
    void gzipRefusedWithQZeroIsNotSent() {
        HttpResponse response = asset(served("page-applications.js"), Map.of("accept-encoding", "gzip;q=0, identity"));
        assertFalse(response.base64Encoded());
        assertFalse(response.headers().containsKey("content-encoding"));
    }

    @Test
    void uiApiLeadsToTheApiReferencePage() {
        HttpResponse response = asset("api", Map.of());
        assertEquals(302, response.statusCode());
        assertEquals("/#/api", response.headers().get("location"));
        assertEquals("DENY", response.headers().get("x-frame-options"));
    }

    @Test
    void unknownPathsAndTraversalAre404WithTheSecurityHeaders() {
        for (String proxy : List.of("main.js", "../../etc/passwd", "..%2f..%2fetc%2fpasswd", "dashboard/assets.list", "assets.list",
                "index.html/..", "", served("main.js") + "/x")) {
            HttpResponse response = asset(proxy, Map.of());
            assertEquals(404, response.statusCode(), proxy);
            assertTrue(response.body().contains("no such page"), response.body());
            assertEquals("DENY", response.headers().get("x-frame-options"), proxy);
        }
    }

    @Test
    void changingAnImportedModuleRenamesTheModulesThatImportIt() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("index.html", utf8("<script type=\"module\" src=\"/ui/main.js\"></script>"));
        files.put("main.js", utf8("import { x } from './lib.js';"));
        files.put("lib.js", utf8("export const x = 1;"));
        Assets before = Assets.of(files);
        files.put("lib.js", utf8("export const x = 2;"));
        Assets after = Assets.of(files);

        assertNotEquals(before.servedName("lib.js"), after.servedName("lib.js"));
        assertNotEquals(before.servedName("main.js"), after.servedName("main.js"));
        String page = new String(after.page().bytes(), StandardCharsets.UTF_8);
        assertTrue(page.contains("/ui/" + after.servedName("main.js")), page);
    }

    @Test
    void aVendoredLibraryIsServedAsItComesWhileTheDashboardsOwnFilesAreRewritten() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("index.html", utf8("<script type=\"module\" src=\"/ui/main.js\"></script>"));
        files.put("main.js", utf8("import './lib.js'; load('/ui/vendor.js');"));
        files.put("lib.js", utf8("export const x = 1;"));
        files.put("vendor.js", utf8("require('./lib.js');"));
        Assets assets = Assets.of(files, Set.of("vendor.js"));

        String main = new String(assets.find(assets.servedName("main.js")).orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertTrue(main.contains("'./" + assets.servedName("lib.js") + "'") && main.contains("'/ui/" + assets.servedName("vendor.js") + "'"),
                main);
        assertEquals("require('./lib.js');",
                new String(assets.find(assets.servedName("vendor.js")).orElseThrow().bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void filesThatReferToEachOtherInACircleAreRefused() {
        Map<String, byte[]> files = new HashMap<>();
        files.put("index.html", utf8("<script type=\"module\" src=\"/ui/a.js\"></script>"));
        files.put("a.js", utf8("import './b.js';"));
        files.put("b.js", utf8("import './a.js';"));
        assertThrows(IllegalStateException.class, () -> Assets.of(files));
    }

    @Test
    void everyBundledFileIsListedAndServed() throws IOException {
        Path folder = Path.of("src/main/resources/dashboard");
        Assets assets = Assets.bundled();
        try (var files = Files.list(folder)) {
            files.map(f -> f.getFileName().toString()).filter(name -> !name.equals(Assets.LIST))
                    .forEach(name -> assertTrue(assets.find(assets.servedName(name)).isPresent(), name));
        }
    }

    /** What the Content-Security-Policy forbids must not be needed: no inline script, style or handler, no HTML from strings. */
    @Test
    void noFileNeedsWhatTheContentSecurityPolicyForbids() throws IOException {
        Path folder = Path.of("src/main/resources/dashboard");
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                String name = file.getFileName().toString();
                for (String forbidden : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                        "new Function", "style=\"", " onclick=", " onload=", "<style", "javascript:", "localStorage")) {
                    assertFalse(text.contains(forbidden), name + " contains " + forbidden);
                }
                assertFalse(Pattern.compile("(src|href|from|import)\\s*=?\\s*[\"'(]?https?:").matcher(text).find(),
                        "nothing is loaded from another origin: " + name);
                if (name.endsWith(".html")) {
                    assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(text).find(), "inline script in " + name);
                }
            }
        }
    }

    private static void assertSecurityHeaders(java.util.function.Function<String, JsonNode> header) {
        String csp = header.apply("content-security-policy").asText();
        assertTrue(csp.contains("default-src 'self'"), csp);
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", header.apply("x-frame-options").asText());
        assertEquals("nosniff", header.apply("x-content-type-options").asText());
        assertEquals("no-referrer", header.apply("referrer-policy").asText());
    }

    private String served(String source) {
        return Assets.bundled().servedName(source);
    }

    private HttpResponse asset(String proxy, Map<String, String> headers) {
        return get("GET /ui/{proxy+}", "/ui/" + proxy, headers, proxy.isEmpty() ? Map.of() : Map.of("proxy", proxy));
    }

    private HttpResponse get(String routeKey, String path, Map<String, String> headers, Map<String, String> params) {
        return handler.serve(new HttpRequest(routeKey, "GET", path, headers, Map.of(), params, Optional.empty(), Optional.empty(),
                Optional.empty(), "test"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
