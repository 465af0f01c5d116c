package dev.vigil.dashboard;

import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Priming;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The web dashboard, from the API's own origin (no CORS, no second deployment): {@code GET /} is the page,
 * {@code GET /ui/{proxy+}} its content-hashed files ({@link Assets}). The page is never cached (so a new
 * deployment shows at once), the hashed files for a year; a client that accepts gzip gets it. Every
 * answer carries the security headers: a Content-Security-Policy that allows only this origin's scripts,
 * styles and API, and no inline script or style, and no framing. Only the files the dashboard lists are
 * found: any other path is 404, whatever dots or slashes it holds. It reads no table.
 */
public final class DashboardHandler extends HttpFunction implements Priming.Primed {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "content-security-policy", CONTENT_SECURITY_POLICY,
            "x-frame-options", "DENY",
            "x-content-type-options", "nosniff",
            "referrer-policy", "no-referrer");
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** {@code /ui/api}, the API reference's short address: the dashboard's page of it ({@code /#/api}). */
    static final String API_REFERENCE = "api";
    static final String NO_CACHE = "no-cache";

    private final Assets assets;

    /** On Lambda: the files bundled in this function's jar. */
    public DashboardHandler() {
        this(Assets.bundled());
        Priming.beforeSnapshot(this);
    }

    DashboardHandler(Assets assets) {
        this.assets = assets;
    }

    /** The page and the first file, compressed: the whole request path, and nothing is read or written. */
    @Override
    public void prime() {
        primeWith("GET", "GET /", "/", "{}");
        primeWith("GET", "GET /ui/{proxy+}", "/ui/" + assets.servedNames().getLast(),
                "{\"proxy\":\"" + assets.servedNames().getLast() + "\"}");
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (request.routeKey().equals("GET /ui/{proxy+}") && request.pathParam("proxy").filter(API_REFERENCE::equals).isPresent()) {
            return secured(new HttpResponse(302, Map.of("location", "/#/api", "cache-control", NO_CACHE), ""));
        }
        Optional<Asset> asset = switch (request.routeKey()) {
            case "GET /" -> Optional.of(assets.page());
            case "GET /ui/{proxy+}" -> request.pathParam("proxy").flatMap(assets::find);
            default -> Optional.empty();
        };
        if (asset.isEmpty()) {
            return secured(HttpResponse.error(404, "no such page: " + printable(request.path())));
        }
        return secured(file(asset.get(), acceptsGzip(request)));
    }

    private static HttpResponse file(Asset asset, boolean gzip) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", asset.contentType());
        headers.put("cache-control", asset.immutable() ? IMMUTABLE : NO_CACHE);
        headers.put("vary", "accept-encoding");
        if (gzip && asset.gzipped().isPresent()) {
            headers.put("content-encoding", "gzip");
            return HttpResponse.binary(200, headers, asset.gzipped().get());
        }
        if (asset.contentType().startsWith("image/png")) {
            return HttpResponse.binary(200, headers, asset.bytes());
        }
        return new HttpResponse(200, headers, new String(asset.bytes(), StandardCharsets.UTF_8));
    }

    private static HttpResponse secured(HttpResponse response) {
        HttpResponse secured = response;
        for (Map.Entry<String, String> header : SECURITY_HEADERS.entrySet()) {
            secured = secured.withHeader(header.getKey(), header.getValue());
        }
        return secured;
    }

    /** Whether {@code Accept-Encoding} names gzip (or {@code *}) without {@code q=0}. */
    static boolean acceptsGzip(HttpRequest request) {
        String accepted = request.header("accept-encoding").orElse("").toLowerCase(Locale.ROOT);
        for (String part : accepted.split(",")) {
            String[] pieces = part.strip().split(";");
            String coding = pieces[0].strip();
            if (!coding.equals("gzip") && !coding.equals("*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip().replace(" ", "");
                if (parameter.matches("q=0(\\.0*)?")) {
                    refused = true;
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    /** A path to quote back: at most 100 printable ASCII characters. */
    private static String printable(String path) {
        String shown = path.replaceAll("[^\\x20-\\x7e]", "?");
        return shown.length() > 100 ? shown.substring(0, 100) + "..." : shown;
    }
}
