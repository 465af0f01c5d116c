package dev.vigil.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's files, read once from the classpath folder {@value #FOLDER} (the names its
 * {@value #LIST} lists, and the libraries it takes from their webjars) and prepared for serving: every file but {@value #PAGE} is served under a name
 * that carries a hash of its content, and every reference to another file ({@code './api.js'} in a
 * module's import, {@code "/ui/app.css"} in the page) is rewritten to that name first, so a change to
 * any file changes the names of the files that reach it and a browser never runs a stale mix.
 */
final class Assets {
    static final String FOLDER = "dashboard/";
    static final String LIST = "assets.list";
    static final String PAGE = "index.html";
    /** In {@value #LIST}: {@code name <- classpath/path} serves a file from elsewhere on the classpath (a webjar) as {@code name}. */
    static final String VENDORED = "<-";
    /** Compressing smaller files saves less than the header costs. */
    private static final int GZIP_ABOVE_BYTES = 512;
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");

    private final Map<String, byte[]> sources;
    /** Files taken from webjars: served as they come, never searched for references to the dashboard's own files. */
    private final Set<String> vendored;
    private final Map<String, String> served = new HashMap<>();
    private final Map<String, Asset> byServedName = new LinkedHashMap<>();

    private Assets(Map<String, byte[]> sources, Set<String> vendored) {
        this.sources = sources;
        this.vendored = vendored;
        for (String name : sources.keySet()) {
            prepare(name, new LinkedHashSet<>());
        }
    }

    /** The files bundled with this function. */
    static Assets bundled() {
        ClassLoader loader = Assets.class.getClassLoader();
        String list = new String(read(loader, FOLDER + LIST), StandardCharsets.UTF_8);
        Map<String, byte[]> sources = new LinkedHashMap<>();
        Set<String> vendored = new LinkedHashSet<>();
        for (String line : list.split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            // "uplot.js <- META-INF/resources/webjars/..." : a library vendored from its webjar, under a name of ours.
            int from = entry.indexOf(VENDORED);
            if (from < 0) {
                sources.put(entry, read(loader, FOLDER + entry));
            } else {
                String name = entry.substring(0, from).strip();
                sources.put(name, read(loader, entry.substring(from + VENDORED.length()).strip()));
                vendored.add(name);
            }
        }
        return of(sources, vendored);
    }

    /** Files by their source names (one folder, no sub-folders); {@value #PAGE} must be one of them. */
    static Assets of(Map<String, byte[]> sources) {
        return of(sources, Set.of());
    }

    /**
     * As {@link #of(Map)}, where the {@code vendored} files (libraries from webjars, Swagger UI's bundle is 1.7 MB)
     * are served as they come: searching them for references would only slow the function's cold start.
     */
    static Assets of(Map<String, byte[]> sources, Set<String> vendored) {
        if (!sources.containsKey(PAGE)) {
            throw new IllegalArgumentException("the dashboard has no " + PAGE);
        }
        for (String name : sources.keySet()) {
            if (!name.matches("[a-z0-9][a-z0-9-]*\\.[a-z]+")) {
                throw new IllegalArgumentException("not a dashboard file name: " + name);
            }
            if (!TYPES.containsKey(extension(name))) {
                throw new IllegalArgumentException("no content type for " + name);
            }
        }
        return new Assets(new LinkedHashMap<>(sources), Set.copyOf(vendored));
    }

    /** The file served under {@code name} (the page or a hashed name), if there is one. */
    Optional<Asset> find(String name) {
        return Optional.ofNullable(byServedName.get(name));
    }

    /** The page every other file is reached from. */
    Asset page() {
        return byServedName.get(PAGE);
    }

    /** The name {@code source} is served under. */
    String servedName(String source) {
        String name = served.get(source);
        if (name == null) {
            throw new IllegalArgumentException("no dashboard file " + source);
        }
        return name;
    }

    /** The served names, the page first. */
    List<String> servedNames() {
        List<String> names = new ArrayList<>(byServedName.keySet());
        names.remove(PAGE);
        names.addFirst(PAGE);
        return names;
    }

    private String prepare(String name, Set<String> reaching) {
        String done = served.get(name);
        if (done != null) {
            return done;
        }
        if (!reaching.add(name)) {
            throw new IllegalStateException("dashboard files refer to each other in a circle: " + String.join(" -> ", reaching)
                    + " -> " + name);
        }
        byte[] bytes = sources.get(name);
        String type = TYPES.get(extension(name));
        if (isText(type) && !vendored.contains(name)) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (String other : sources.keySet()) {
                if (!other.equals(name) && !other.equals(PAGE) && mentions(text, other)) {
                    String otherServed = prepare(other, reaching);
                    for (String quote : List.of("'", "\"")) {
                        text = text.replace(quote + "./" + other + quote, quote + "./" + otherServed + quote)
                                .replace(quote + "/ui/" + other + quote, quote + "/ui/" + otherServed + quote);
                    }
                }
            }
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        reaching.remove(name);
        boolean page = name.equals(PAGE);
        String servedName = page ? name : hashed(name, bytes);
        byte[] content = bytes;
        Optional<byte[]> gzipped = Optional.of(content).filter(c -> isText(type) && c.length > GZIP_ABOVE_BYTES)
                .map(Assets::gzip).filter(g -> g.length < content.length);
        byServedName.put(servedName, new Asset(servedName, type, bytes, gzipped, !page));
        served.put(name, servedName);
        return servedName;
    }

    private static boolean mentions(String text, String other) {
        for (String quote : List.of("'", "\"")) {
            if (text.contains(quote + "./" + other + quote) || text.contains(quote + "/ui/" + other + quote)) {
                return true;
            }
        }
        return false;
    }

    /** {@code main.js} with content hash {@code 3f2a9c41d0...}: {@code main.3f2a9c41d0.js}. */
    static String hashed(String name, byte[] bytes) {
        int dot = name.lastIndexOf('.');
        return name.substring(0, dot) + "." + HexFormat.of().formatHex(sha256(bytes)).substring(0, 10) + name.substring(dot);
    }

    private static boolean isText(String type) {
        return type.startsWith("text/") || type.equals("image/svg+xml") || type.equals("application/json");
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + path + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
