package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Channel;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A check's settings, split in two: the plain part, stored on the check's item and shown back, and the
 * secret part (passwords, tokens, secret header values), write-only: stored in SSM Parameter Store at
 * {@code <prefix>/<check id>} like a channel's secrets, and never returned. A check type names its
 * secret settings; a secret setting is a string ({@code "password": "..."}) or an object of strings
 * ({@code "secretHeaders": {"Authorization": "Bearer ..."}}), kept as {@code password} and
 * {@code secretHeaders/Authorization}. The typed readers throw {@link InvalidInput} naming the setting.
 */
public final class Settings {
    /** Between a secret object's name and a key in the flat secret map ({@code secretHeaders/Authorization}). */
    static final String SECRET_KEY_SEPARATOR = "/";
    static final int MAX_TEXT = 2048;

    private final ObjectNode plain;
    private final Map<String, String> secrets;

    private Settings(ObjectNode plain, Map<String, String> secrets) {
        this.plain = plain.deepCopy();
        this.secrets = Map.copyOf(secrets);
    }

    /** The settings of a stored check: its plain part and the secrets read back from the secret store. */
    public static Settings of(ObjectNode plain, Map<String, String> secrets) {
        return new Settings(plain, secrets);
    }

    /**
     * Splits settings as an admin sent them: {@code secretNames} go to the secret part, everything else
     * stays plain. A setting not in {@code known} is refused, naming the ones {@code type} takes.
     */
    static Settings split(String type, JsonNode given, Set<String> known, Set<String> secretNames) {
        if (given == null || given.isNull() || given.isMissingNode()) {
            given = Json.object();
        }
        if (!given.isObject()) {
            throw new InvalidInput("settings must be a JSON object");
        }
        ObjectNode plain = Json.object();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!known.contains(name)) {
                throw new InvalidInput(type + " checks have no setting '" + name + "'; they take " + String.join(", ", new TreeSet<>(known)));
            }
            if (!secretNames.contains(name)) {
                plain.set(name, value);
            } else if (value.isTextual()) {
                secrets.put(name, value.textValue());
            } else if (value.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    if (!entry.getValue().isTextual() || entry.getKey().contains(SECRET_KEY_SEPARATOR)) {
                        throw new InvalidInput("settings." + name + " must be an object of strings");
                    }
                    secrets.put(name + SECRET_KEY_SEPARATOR + entry.getKey(), entry.getValue().textValue());
                }
            } else {
                throw new InvalidInput("settings." + name + " must be a string");
            }
        }
        return new Settings(plain, secrets);
    }

    /** The part stored with the check and shown back. */
    public ObjectNode plain() {
        return plain.deepCopy();
    }

    /** The write-only part, for the secret store. */
    public Map<String, String> secrets() {
        return secrets;
    }

    /** The names of the secret settings that are set, to show that they are (never their values). */
    public Set<String> secretNames() {
        return new TreeSet<>(secrets.keySet());
    }

    /**
     * What shows that each secret setting is set, by name: its last four characters ({@link Channel#hint},
     * as for a channel's secrets), never its value.
     */
    public Map<String, String> secretHints() {
        Map<String, String> hints = new TreeMap<>();
        secrets.forEach((key, value) -> hints.put(key, Channel.hint(value)));
        return hints;
    }

    /**
     * This check's settings with the secrets kept from {@code before}, except those of a setting the admin
     * sent anew or named in {@code cleared} (a setting sent as {@code null}, which removes it).
     */
    public Settings keepingSecrets(Map<String, String> before, Set<String> cleared) {
        Map<String, String> merged = new LinkedHashMap<>();
        Set<String> replaced = new TreeSet<>(cleared);
        secrets.keySet().forEach(key -> replaced.add(settingOf(key)));
        before.forEach((key, value) -> {
            if (!replaced.contains(settingOf(key))) {
                merged.put(key, value);
            }
        });
        merged.putAll(secrets);
        return new Settings(plain, merged);
    }

    /** The setting a key of the flat secret map belongs to: {@code secretHeaders} for {@code secretHeaders/Authorization}. */
    private static String settingOf(String secretKey) {
        return secretKey.split(SECRET_KEY_SEPARATOR, 2)[0];
    }

    public boolean has(String name) {
        JsonNode value = plain.get(name);
        return value != null && !value.isNull();
    }

    public String text(String name) {
        return optionalText(name).orElseThrow(() -> new InvalidInput("settings." + name + " is required"));
    }

    public Optional<String> optionalText(String name) {
        JsonNode value = plain.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new InvalidInput("settings." + name + " must be a non-empty string");
        }
        if (value.textValue().length() > MAX_TEXT) {
            throw new InvalidInput("settings." + name + " must be at most " + MAX_TEXT + " characters");
        }
        return Optional.of(value.textValue().strip());
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    public String choice(String name, String fallback, List<String> allowed) {
        String value = optionalText(name).orElse(fallback);
        if (!allowed.contains(value)) {
            throw new InvalidInput("settings." + name + " must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
        }
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        JsonNode value = plain.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.longValue() < min || value.longValue() > max) {
            throw new InvalidInput("settings." + name + " must be a whole number from " + min + " to " + max);
        }
        return value.intValue();
    }

    public boolean flag(String name, boolean fallback) {
        JsonNode value = plain.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidInput("settings." + name + " must be true or false");
        }
        return value.booleanValue();
    }

    /** A list of non-empty strings, empty when absent. */
    public List<String> texts(String name, int maxItems) {
        JsonNode value = plain.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > maxItems) {
            throw new InvalidInput("settings." + name + " must be a list of at most " + maxItems + " strings");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.textValue().isBlank() || item.textValue().length() > MAX_TEXT) {
                throw new InvalidInput("settings." + name + " must be a list of non-empty strings");
            }
            items.add(item.textValue().strip());
        }
        return List.copyOf(items);
    }

    /** An object of strings, empty when absent. */
    public Map<String, String> textMap(String name) {
        JsonNode value = plain.get(name);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new InvalidInput("settings." + name + " must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual() || entry.getValue().textValue().length() > MAX_TEXT) {
                throw new InvalidInput("settings." + name + "." + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    /** An absolute http or https URL with a host. */
    public URI url(String name) {
        String text = text(name);
        try {
            URI url = new URI(text);
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new InvalidInput("settings." + name + " must be an absolute http(s) URL");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new InvalidInput("settings." + name + " must be an absolute http(s) URL");
        }
    }

    public Optional<String> secret(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    /** A secret object's entries ({@code secretHeaders}), by key. */
    public Map<String, String> secretMap(String name) {
        Map<String, String> map = new LinkedHashMap<>();
        String prefix = name + SECRET_KEY_SEPARATOR;
        secrets.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                map.put(key.substring(prefix.length()), value);
            }
        });
        return map;
    }
}
