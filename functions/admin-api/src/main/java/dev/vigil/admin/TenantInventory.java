package dev.vigil.admin;

import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.Application;
import dev.vigil.domain.TagFilter;
import dev.vigil.store.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every application and check of one tenant that a filter keeps, page after page, for the views that
 * show a tenant whole (tag badges, metrics): at most {@value #MAX_ITEMS} of each, oldest first.
 */
final class TenantInventory {
    static final int MAX_ITEMS = 2000;
    private static final int PAGE = 100;

    private final ApplicationRegistry applications;
    private final CheckRegistry checks;
    private final DefaultTenant defaultTenant;

    TenantInventory(ApplicationRegistry applications, CheckRegistry checks, DefaultTenant defaultTenant) {
        this.applications = applications;
        this.checks = checks;
        this.defaultTenant = defaultTenant;
    }

    List<Application> applications(String tenantId, TagFilter filter) {
        List<Application> all = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Application> page = applications.list(tenantId, defaultTenant.adopted(), PAGE, token, filter);
            all.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent() && all.size() < MAX_ITEMS);
        return all.size() > MAX_ITEMS ? all.subList(0, MAX_ITEMS) : all;
    }

    List<StoredCheck> checks(String tenantId, TagFilter filter) {
        List<StoredCheck> all = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<StoredCheck> page = checks.list(tenantId, PAGE, token, filter);
            all.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent() && all.size() < MAX_ITEMS);
        return all.size() > MAX_ITEMS ? all.subList(0, MAX_ITEMS) : all;
    }

    /** The application {@code id} of {@code tenantId}, if it has it. */
    Optional<Application> application(String tenantId, String id) {
        return applications.find(tenantId, id);
    }
}
