package io.crmpulse.simulator.api;

import com.fasterxml.jackson.databind.util.RawValue;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmRecord;
import io.crmpulse.simulator.world.Deal;
import io.crmpulse.simulator.world.DeletedRecord;
import io.crmpulse.simulator.world.DeletionType;
import io.crmpulse.simulator.world.Lead;
import io.crmpulse.simulator.world.Lookup;
import io.crmpulse.simulator.world.Rep;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders records as Zoho's JSON: field API names, lookups as objects, datetimes in the user's
 * zone, dates as {@code YYYY-MM-DD}, ids as strings. Public for the benchmarks, which feed the job
 * records of exactly this shape without the HTTP API.
 */
public final class RecordRenderer {

    private final ZoneId userZone;

    public RecordRenderer(ZoneId userZone) {
        this.userZone = userZone;
    }

    /**
     * The record as one item of a Get Records page's {@code data} array, as JSON text: what the
     * job's Zoho client passes on for it when it asks for {@code fields}.
     */
    public String json(CrmRecord record, List<String> fields) {
        return new String(Json.write(render(record, fields, Map.of())), StandardCharsets.UTF_8);
    }

    /**
     * The record with {@code id} and the requested fields, in the requested order. A field the
     * module does not have is left out; a field without a value is {@code null}, as in Zoho.
     *
     * @param rawFields fields sent as this JSON text instead ({@code CrmWorld#setRawField})
     */
    Map<String, Object> render(
            CrmRecord record, List<String> fields, Map<String, String> rawFields) {
        Map<String, Object> all = allFields(record);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : fields) {
            if (rawFields.containsKey(field)) {
                out.put(field, new RawValue(rawFields.get(field)));
            } else if (all.containsKey(field)) {
                out.put(field, all.get(field));
            }
        }
        out.put(
                "id",
                rawFields.containsKey("id") ? new RawValue(rawFields.get("id")) : record.id());
        return out;
    }

    /** Every field the simulator knows for the module, for v2 calls without {@code fields}. */
    static List<String> fieldNames(CrmModule module) {
        return switch (module) {
            case LEADS -> LEAD_FIELDS;
            case DEALS -> DEAL_FIELDS;
        };
    }

    /** One item of {@code /deleted}; permanent deletions carry no names. */
    Map<String, Object> renderDeleted(DeletedRecord deleted) {
        boolean permanent = deleted.type() == DeletionType.PERMANENT;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deleted_by", permanent ? null : user(deleted.deletedBy()));
        out.put("id", deleted.id());
        out.put("display_name", permanent ? null : deleted.record().displayName());
        out.put("type", deleted.type().apiValue());
        out.put("created_by", permanent ? null : user(deleted.record().owner()));
        out.put("deleted_time", ZohoDateTimes.format(deleted.deletedTime(), userZone));
        return out;
    }

    private static final List<String> LEAD_FIELDS =
            List.of(
                    "Owner",
                    "First_Name",
                    "Last_Name",
                    "Full_Name",
                    "Company",
                    "Email",
                    "Phone",
                    "Lead_Status",
                    "Lead_Source",
                    "Created_By",
                    "Modified_By",
                    "Created_Time",
                    "Modified_Time",
                    "Last_Activity_Time",
                    "Converted__s",
                    "Converted_Date_Time",
                    "Converted_Deal",
                    "Tag");

    private static final List<String> DEAL_FIELDS =
            List.of(
                    "Owner",
                    "Deal_Name",
                    "Stage",
                    "Amount",
                    "Currency",
                    "Exchange_Rate",
                    "$currency_symbol",
                    "Probability",
                    "Expected_Revenue",
                    "Closing_Date",
                    "Lead_Source",
                    "Pipeline",
                    "Type",
                    "Next_Step",
                    "Created_By",
                    "Modified_By",
                    "Created_Time",
                    "Modified_Time",
                    "Last_Activity_Time",
                    "Tag");

    private Map<String, Object> allFields(CrmRecord record) {
        // Java 17 has no pattern matching in switch yet; CrmRecord is sealed to these two.
        return record instanceof Lead lead ? leadFields(lead) : dealFields((Deal) record);
    }

    private Map<String, Object> leadFields(Lead lead) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Owner", owner(lead.owner()));
        f.put("First_Name", lead.firstName());
        f.put("Last_Name", lead.lastName());
        f.put("Full_Name", lead.fullName());
        f.put("Company", lead.company());
        f.put("Email", lead.email());
        f.put("Phone", lead.phone());
        f.put("Lead_Status", lead.leadStatus());
        f.put("Lead_Source", lead.leadSource());
        f.put("Created_By", owner(lead.owner()));
        f.put("Modified_By", owner(lead.owner()));
        f.put("Created_Time", time(lead.createdTime()));
        f.put("Modified_Time", time(lead.modifiedTime()));
        f.put("Last_Activity_Time", time(lead.modifiedTime()));
        f.put("Converted__s", lead.converted());
        f.put("Converted_Date_Time", time(lead.convertedTime()));
        f.put("Converted_Deal", lookup(lead.convertedDeal()));
        f.put("Tag", List.of());
        return f;
    }

    private Map<String, Object> dealFields(Deal deal) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Owner", owner(deal.owner()));
        f.put("Deal_Name", deal.dealName());
        f.put("Stage", deal.stage());
        f.put("Amount", deal.amount());
        f.put("Currency", deal.currency().name());
        f.put("Exchange_Rate", deal.exchangeRate());
        f.put("$currency_symbol", deal.currency().symbol());
        f.put("Probability", deal.probability());
        f.put("Expected_Revenue", deal.expectedRevenue());
        f.put("Closing_Date", deal.closingDate() == null ? null : deal.closingDate().toString());
        f.put("Lead_Source", deal.leadSource());
        f.put("Pipeline", Deal.PIPELINE);
        f.put("Type", deal.type());
        f.put("Next_Step", deal.nextStep());
        f.put("Created_By", owner(deal.owner()));
        f.put("Modified_By", owner(deal.owner()));
        f.put("Created_Time", time(deal.createdTime()));
        f.put("Modified_Time", time(deal.modifiedTime()));
        f.put("Last_Activity_Time", time(deal.modifiedTime()));
        f.put("Tag", List.of());
        return f;
    }

    private String time(Instant instant) {
        return ZohoDateTimes.format(instant, userZone);
    }

    private static Map<String, Object> owner(Rep rep) {
        if (rep == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", rep.name());
        out.put("id", rep.id());
        out.put("email", rep.email());
        return out;
    }

    private static Map<String, Object> user(Rep rep) {
        if (rep == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", rep.name());
        out.put("id", rep.id());
        return out;
    }

    private static Map<String, Object> lookup(Lookup lookup) {
        if (lookup == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", lookup.name());
        out.put("id", lookup.id());
        return out;
    }
}
