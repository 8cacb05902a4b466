package io.crmpulse.zoho.client;

/**
 * Response bodies as Zoho sends them, quoted from {@code research/zoho-crm-api.md} (Zoho's docs,
 * its OpenAPI spec and bodies seen in production).
 */
final class ZohoBodies {

    static final String INVALID_CODE = "{\"error\":\"invalid_code\"}";

    static final String INVALID_CLIENT = "{\"error\":\"invalid_client\"}";

    static final String ACCESS_DENIED =
            "{\"error_description\":\"You have made too many requests continuously. Please try"
                    + " again after some time.\",\"error\":\"Access Denied\","
                    + "\"status\":\"failure\"}";

    static final String INVALID_TOKEN =
            "{\"code\":\"INVALID_TOKEN\",\"details\":{},\"message\":\"invalid oauth token\","
                    + "\"status\":\"error\"}";

    static final String DISCRETE_PAGINATION_LIMIT_EXCEEDED =
            "{\"code\":\"DISCRETE_PAGINATION_LIMIT_EXCEEDED\",\"details\":{\"limit\":2000},"
                    + "\"message\":\"You can only get the first 2000 records without using"
                    + " page_token param\",\"status\":\"error\"}";

    static final String HTML_MAINTENANCE_PAGE =
            "<!DOCTYPE html>\n<html><head><title>Zoho CRM - Under Maintenance</title></head>"
                    + "<body>We will be back shortly.</body></html>";

    /**
     * Two Leads in the API user's zone across the 2026 US spring-forward (01:59:59 PST, then
     * 03:00:01 PDT), with the documented {@code info} block of a page that has a next page.
     */
    static final String LEADS_PAGE =
            """
            {"data":[
              {"Owner":{"name":"Patricia Boyle","id":"4970762000000348001","email":"p.boyle@zylker.com"},
               "Last_Name":"Boyle","Lead_Source":"Web Form","Annual_Revenue":12345.60,
               "Converted__s":false,"id":"4970762000000348015",
               "Modified_Time":"2026-03-08T01:59:59-08:00"},
              {"Owner":{"name":"Patricia Boyle","id":"4970762000000348001","email":"p.boyle@zylker.com"},
               "Last_Name":"Moss","Lead_Source":"Trade Show","Annual_Revenue":null,
               "Converted__s":true,"id":"4970762000000348016",
               "Modified_Time":"2026-03-08T03:00:01-07:00"}
             ],
             "info":{"call":false,"per_page":200,"next_page_token":"c8582xx9e7c7","count":2,
                     "sort_by":"Modified_Time","page":1,"previous_page_token":null,
                     "page_token_expiry":"2026-03-09T15:08:14+05:30","sort_order":"asc",
                     "email":false,"more_records":true}}
            """;

    /** The documented Get Deleted Records shape: permanent deletions have null people and names. */
    static final String DELETED_PAGE =
            """
            {"data":[
              {"deleted_by":{"name":"Patricia Boyle","id":"4970762000000348001"},
               "id":"4970762000000416012","display_name":"Zylker - Renewal","type":"recycle",
               "created_by":{"name":"Patricia Boyle","id":"4970762000000348001"},
               "deleted_time":"2026-03-08T01:59:59-08:00"},
              {"deleted_by":null,"id":"4970762000000416013","display_name":null,
               "type":"permanent","created_by":null,"deleted_time":"2026-03-08T03:00:01-07:00"}
             ],
             "info":{"per_page":200,"count":2,"page":2,"more_records":true}}
            """;

    static String token(String accessToken, String apiDomain) {
        return "{\"access_token\":\""
                + accessToken
                + "\",\"api_domain\":\""
                + apiDomain
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    }

    /** The standard API error body {@code {"code","details","message","status":"error"}}. */
    static String error(String code, String message) {
        return "{\"code\":\""
                + code
                + "\",\"details\":{},\"message\":\""
                + message
                + "\",\"status\":\"error\"}";
    }

    private ZohoBodies() {}
}
