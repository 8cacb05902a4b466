package io.crmpulse.job.config;

import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * The dashboard's views that messages link to ({@code PULSE_DASHBOARD_URL}, README
 * "Configuration"): the page picks the view from the URL's fragment, {@code #alerts/<alert_id>} for
 * an alert and {@code #summary} for the daily summary.
 *
 * @param base the dashboard's root without a trailing slash, e.g. {@code
 *     https://pulse.example.com}; null when no link is wanted
 */
public record DashboardLinks(@Nullable String base) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The longest {@code PULSE_DASHBOARD_URL}: a link takes its room from the summary's 1,600
     * characters, and an alert's text should stay a glance.
     */
    public static final int MAX_BASE_LENGTH = 200;

    /** No links: {@code PULSE_DASHBOARD_URL} is unset. */
    public static final DashboardLinks NONE = new DashboardLinks(null);

    /** Links under {@code url}; one or more trailing slashes are dropped. */
    public static DashboardLinks at(URI url) {
        return new DashboardLinks(url.toString().replaceAll("/+$", ""));
    }

    /**
     * The view of one alert: {@code <url>/#alerts/<alert_id, percent-encoded>}, which the page
     * reads back with {@code decodeURIComponent}.
     */
    public Optional<String> alert(String alertId) {
        // The id holds '/', ':' and spaces (rule/source:Web Download/day/severity): a chat app
        // ends a link at a space. A space is %20, not URLEncoder's '+', which
        // decodeURIComponent keeps as '+'.
        return link(
                "#alerts/"
                        + URLEncoder.encode(alertId, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** The view of the daily summary: {@code <url>/#summary}. */
    public Optional<String> summary() {
        return link("#summary");
    }

    private Optional<String> link(String fragment) {
        return base == null ? Optional.empty() : Optional.of(base + "/" + fragment);
    }
}
