package io.crmpulse.simulator.world;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The Zoho CRM modules the simulator serves, by API name. */
public enum CrmModule {
    LEADS("Leads"),
    DEALS("Deals");

    private final String apiName;

    CrmModule(String apiName) {
        this.apiName = apiName;
    }

    /** The module's API name as it appears in URLs, e.g. {@code Leads}. */
    public String apiName() {
        return apiName;
    }

    /** The module with this API name, ignoring case, if the simulator serves it. */
    public static Optional<CrmModule> fromApiName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.apiName.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    /** Like {@link #fromApiName} but for Java callers: an unknown name is a programming error. */
    public static CrmModule of(String name) {
        return fromApiName(name)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "Unknown module '"
                                                + name
                                                + "': the simulator serves Leads and Deals"));
    }
}
