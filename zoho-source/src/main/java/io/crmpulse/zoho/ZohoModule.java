package io.crmpulse.zoho;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Zoho CRM module to sync and the fields to read from it.
 *
 * <p>Zoho requires the fields of a Get Records call to be listed (at most 50). The defaults read
 * what the metrics need and nothing more: no names, e-mails or phone numbers of leads, so personal
 * data never enters the job.
 *
 * @param name the module's API name, e.g. {@code Leads}
 * @param fields the field API names to read
 */
public record ZohoModule(String name, List<String> fields) implements Serializable {

    /** Lead fields the metrics use. */
    public static final List<String> LEAD_FIELDS =
            List.of(
                    "Lead_Source",
                    "Lead_Status",
                    "Owner",
                    "Created_Time",
                    "Modified_Time",
                    "Converted__s",
                    "Converted_Date_Time");

    /** Deal fields the metrics and alerts use. */
    public static final List<String> DEAL_FIELDS =
            List.of(
                    "Deal_Name",
                    "Stage",
                    "Amount",
                    "Currency",
                    "Exchange_Rate",
                    "Probability",
                    "Owner",
                    "Lead_Source",
                    "Closing_Date",
                    "Pipeline",
                    "Created_Time",
                    "Modified_Time");

    /** What any other module is read with. */
    public static final List<String> BASIC_FIELDS =
            List.of("Owner", "Created_Time", "Modified_Time");

    public ZohoModule {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException(
                    "A Zoho module API name has letters, digits and underscores only, got '"
                            + name
                            + "'");
        }
        fields = List.copyOf(fields);
        if (!fields.contains("Modified_Time")) {
            throw new IllegalArgumentException(
                    "Module " + name + " must read Modified_Time: the sync cursor is built on it");
        }
    }

    /** The module with the fields this project reads by default. */
    public static ZohoModule of(String name) {
        String trimmed = name.trim();
        switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "leads":
                return new ZohoModule("Leads", LEAD_FIELDS);
            case "deals":
                return new ZohoModule("Deals", DEAL_FIELDS);
            default:
                return new ZohoModule(trimmed, BASIC_FIELDS);
        }
    }

    /**
     * Parses a comma-separated list such as {@code Leads,Deals} (the {@code ZOHO_MODULES}
     * variable).
     */
    public static List<ZohoModule> parseList(String commaSeparated) {
        List<ZohoModule> modules =
                java.util.Arrays.stream(commaSeparated.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .map(ZohoModule::of)
                        .toList();
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("No module named in '" + commaSeparated + "'");
        }
        if (modules.stream().map(ZohoModule::name).distinct().count() != modules.size()) {
            throw new IllegalArgumentException(
                    "A module is named twice in '" + commaSeparated + "'");
        }
        return modules;
    }
}
