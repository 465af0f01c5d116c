package dev.vigil.domain;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Public ids: a prefix and twelve characters from an alphabet without look-alikes
 * ({@code app_k3v9x2m7q4pa}, {@code ch_k3v9x2m7q4pa}, {@code chk_k3v9x2m7q4pa}, {@code tn_k3v9x2m7q4pa},
 * {@code key_k3v9x2m7q4pa}, {@code sw_k3v9x2m7q4pa} for a sweep's execution, {@code al_k3v9x2m7q4pa}
 * for an alert record, {@code rcv_k3v9x2m7q4pa} for a recovery attempt, {@code task_k3v9x2m7q4pa} for a
 * scheduled task, {@code sp_}, {@code inc_} and {@code mnt_} for a status page, an incident and a maintenance notice). Generated once per resource, never parsed.
 */
public enum Ids {
    APPLICATION("app_"), CHANNEL("ch_"), CHECK("chk_"), TENANT("tn_"), API_KEY("key_"), SWEEP("sw_"), ALERT("al_"),
    RECOVERY("rcv_"), TASK("task_"), STATUS_PAGE("sp_"), INCIDENT("inc_"), MAINTENANCE("mnt_");

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 12;

    private final String prefix;
    private final Pattern format;

    Ids(String prefix) {
        this.prefix = prefix;
        this.format = Pattern.compile(Pattern.quote(prefix) + "[a-z0-9]{" + LENGTH + "}");
    }

    /** A fresh random id of this kind. */
    public String next() {
        char[] id = new char[LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return prefix + new String(id);
    }

    /** Whether {@code candidate} has this kind's shape; anything else cannot name a resource. */
    public boolean matches(String candidate) {
        return candidate != null && format.matcher(candidate).matches();
    }
}
