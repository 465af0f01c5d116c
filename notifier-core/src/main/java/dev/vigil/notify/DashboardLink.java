package dev.vigil.notify;

import dev.vigil.domain.WebAddress;
import dev.vigil.runtime.Log;
import java.net.URI;
import java.util.Optional;

/**
 * The dashboard link alerts offer ({@code DASHBOARD_URL}, from the template's {@code DashboardUrl}).
 * Only an absolute http(s) URL is used: chat services reject a whole message over a bad link, so
 * anything else is logged once at start-up and alerts go out without a link.
 */
public final class DashboardLink {
    public static final String VARIABLE = "DASHBOARD_URL";
    /** The longest link used unless a channel allows another length (Discord's embed URL limit). */
    public static final int MAX_LENGTH = 2048;
    private static final Log LOG = Log.of(DashboardLink.class);

    private DashboardLink() {
    }

    /** {@code value} when it is an absolute http(s) URL of at most {@value #MAX_LENGTH} characters. */
    public static Optional<URI> parse(Optional<String> value) {
        return parse(value, MAX_LENGTH);
    }

    /** {@code value} when it is an absolute http(s) URL of at most {@code maxLength} characters. */
    public static Optional<URI> parse(Optional<String> value, int maxLength) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<URI> url = WebAddress.httpUrl(value.get()).filter(u -> value.get().length() <= maxLength);
        if (url.isEmpty()) {
            LOG.warn("DASHBOARD_URL is not an absolute http(s) URL; alerts go out without a dashboard link",
                    "dashboardUrl", value.get());
        }
        return url;
    }
}
