package io.crmpulse.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small Zoho client for the tests: mints tokens and calls the API of one simulator. */
final class ZohoHttp {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ZohoSimulator sim;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String accessToken;

    ZohoHttp(ZohoSimulator sim) {
        this.sim = sim;
    }

    /** POST /oauth/v2/token with this form body. */
    HttpResponse<String> postToken(String formBody) {
        return send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/oauth/v2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(formBody))
                        .build());
    }

    /**
     * POST /oauth/v2/token with the parameters in the query string and no body, as Airbyte does.
     */
    HttpResponse<String> postTokenWithQuery(String query) {
        return send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/oauth/v2/token?" + query))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    String refreshForm() {
        return "grant_type=refresh_token&client_id="
                + sim.clientId()
                + "&client_secret="
                + sim.clientSecret()
                + "&refresh_token="
                + sim.refreshToken();
    }

    /** A fresh access token, which later calls of {@link #get} use. */
    String mint() {
        JsonNode body = json(postToken(refreshForm()));
        if (!body.has("access_token")) {
            throw new AssertionError("no token minted: " + body);
        }
        accessToken = body.get("access_token").asText();
        return accessToken;
    }

    /** GET with the cached access token (minted on first use). */
    HttpResponse<String> get(String pathAndQuery) {
        return get(pathAndQuery, Map.of());
    }

    HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) {
        if (accessToken == null) {
            accessToken = mint();
        }
        return getWithToken(pathAndQuery, accessToken, headers);
    }

    HttpResponse<String> getWithToken(
            String pathAndQuery, String token, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                        .timeout(Duration.ofSeconds(20))
                        .GET();
        if (token != null) {
            request.header("Authorization", "Zoho-oauthtoken " + token);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * Follows {@code next_page_token} from {@code firstPageQuery} to the end; returns every page's
     * body.
     */
    List<JsonNode> scan(String path, String firstPageQuery, Map<String, String> headers) {
        List<JsonNode> pages = new ArrayList<>();
        HttpResponse<String> response = get(path + "?" + firstPageQuery, headers);
        while (response.statusCode() == 200) {
            JsonNode page = json(response);
            pages.add(page);
            JsonNode next = page.get("info").get("next_page_token");
            if (next.isNull()) {
                break;
            }
            response = get(path + "?" + firstPageQuery + "&page_token=" + next.asText(), headers);
        }
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "scan stopped with " + response.statusCode() + " " + response.body());
        }
        return pages;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
