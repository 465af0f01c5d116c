package dev.vigil.checks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a kind of check is, independent of running it: the settings it takes (and which are secret),
 * the values it measures (what conditions may be written about) and its default conditions. The admin
 * API validates a check with it; the runner pairs it with a {@link Probe}. Types are registered in
 * {@link CheckTypes}.
 */
public interface CheckType {
    /** The type's name on the wire: {@code http}, {@code tcp}, ... */
    String name();

    /** Every setting the type takes, secret ones included. */
    Set<String> settingNames();

    /** The settings that are write-only secrets (see {@link Settings}). */
    default Set<String> secretSettingNames() {
        return Set.of();
    }

    /** Checks the settings; throws {@link dev.vigil.domain.InvalidInput} naming the setting that is wrong. */
    void validate(Settings settings);

    /** The values the type measures, by name, and their kinds. */
    Map<String, ValueKind> measures();

    /** True when conditions may look at the answer's body: {@code body} and {@code body.$...}. */
    default boolean readsBody() {
        return false;
    }

    /** The conditions a check of this type has unless a tenant or the check itself overrides them. */
    List<Condition> defaultConditions();
}
