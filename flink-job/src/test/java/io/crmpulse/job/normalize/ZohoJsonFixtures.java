package io.crmpulse.job.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;

/** Leads and deals as Zoho's v8 API returns them for the fields the source asks for. */
final class ZohoJsonFixtures {

    static final String LEAD_ID = "4970762000000348015";
    static final String DEAL_ID = "4970762000000512007";
    static final String OWNER_ID = "4970762000000290001";

    /** A lead of a Kolkata org, read by a user whose zone is Asia/Kolkata. */
    static final String LEAD =
            """
            {
              "Lead_Source": "Trade Show",
              "Lead_Status": "Contacted",
              "Owner": {
                "name": "Priya Sharma",
                "id": "4970762000000290001",
                "email": "priya.sharma@example.com"
              },
              "Created_Time": "2026-03-02T10:15:00+05:30",
              "Modified_Time": "2026-03-03T09:00:00+05:30",
              "Converted__s": false,
              "Converted_Date_Time": null,
              "id": "4970762000000348015"
            }
            """;

    static final String DEAL =
            """
            {
              "Deal_Name": "Acme Corp - 50 seats",
              "Stage": "Negotiation/Review",
              "Amount": 120000,
              "Currency": "INR",
              "Exchange_Rate": 1,
              "Probability": 90,
              "Owner": {
                "name": "Priya Sharma",
                "id": "4970762000000290001",
                "email": "priya.sharma@example.com"
              },
              "Lead_Source": "Trade Show",
              "Closing_Date": "2026-03-31",
              "Pipeline": "Standard (Standard)",
              "Created_Time": "2026-03-02T11:00:00+05:30",
              "Modified_Time": "2026-03-04T16:45:10+05:30",
              "id": "4970762000000512007"
            }
            """;

    // As the source reads and re-writes a record: decimals as written (1e100000000 stays a number,
    // not an infinite double), trailing zeros kept.
    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                    .build();

    private ZohoJsonFixtures() {}

    /** {@code json} with {@code field} set to the JSON text {@code rawValue}. */
    static String with(String json, String field, String rawValue) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            node.set(field, JSON.readTree(rawValue));
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code json} without {@code field}. */
    static String without(String json, String field) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            node.remove(field);
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The upsert the source emits for a record with these fields. */
    static RecordChange upsert(String module, String id, String json) {
        return RecordChange.upsert(module, id, Instant.parse("2026-03-04T11:15:10Z"), json);
    }

    static RecordChange lead(String json) {
        return upsert("Leads", LEAD_ID, json);
    }

    static RecordChange deal(String json) {
        return upsert("Deals", DEAL_ID, json);
    }
}
