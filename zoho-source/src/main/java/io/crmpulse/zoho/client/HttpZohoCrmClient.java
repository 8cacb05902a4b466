package io.crmpulse.zoho.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.common.http.OkHttpClients;
import io.crmpulse.zoho.model.ZohoDateTime;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ZohoCrmClient} over Zoho CRM's REST API (v8) with OkHttp.
 *
 * <p>Each call: take the cached access token (minting one when due, see {@link
 * ZohoAccessTokenManager}), send one GET, classify the response with {@link
 * ZohoResponseClassifier}, and then read the page, return an empty page ({@code 204}/{@code 304}),
 * or throw a {@link ZohoApiException}. On {@code 401 INVALID_TOKEN} it mints a new token and sends
 * the call once more; a second 401 is fatal, since a fresh token that Zoho refuses means the
 * accounts server and the API server belong to different data centres.
 *
 * <p>The API server is {@code ZOHO_API_DOMAIN} when set, else the token response's {@code
 * api_domain}, else the API server of the accounts server's data centre. A record whose {@code id}
 * or {@code Modified_Time} cannot be read is neither dropped nor fatal: it comes back in {@link
 * RecordsPage#malformed()} for the dead letters.
 *
 * <p>Logs one DEBUG line per call (module, status, record count, milliseconds); never a token, a
 * secret or record contents. Used from one thread at a time.
 */
public final class HttpZohoCrmClient implements ZohoCrmClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpZohoCrmClient.class);

    /** Zoho's own SDK sends seconds with a numeric offset; Zoho keeps second precision anyway. */
    private static final DateTimeFormatter IF_MODIFIED_SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private static final String MODIFIED_TIME = "Modified_Time";

    private final ZohoClientConfig config;
    private final OkHttpClient http;
    private final ZohoCallListener listener;
    private final ZohoAccessTokenManager tokens;
    private final ZohoResponseClassifier classifier;
    private final boolean ownsHttp;
    private boolean closed;

    /**
     * @param listener told of every HTTP call (token refreshes included); {@code null} for none
     */
    public HttpZohoCrmClient(
            ZohoClientConfig config,
            ZohoCredentials credentials,
            Clock clock,
            @Nullable ZohoCallListener listener) {
        this(config, credentials, clock, listener, httpClient(config), true);
    }

    /** For tests: an OkHttp client of their own (timeouts, interceptors). */
    HttpZohoCrmClient(
            ZohoClientConfig config,
            ZohoCredentials credentials,
            Clock clock,
            @Nullable ZohoCallListener listener,
            OkHttpClient http) {
        this(config, credentials, clock, listener, http, false);
    }

    private HttpZohoCrmClient(
            ZohoClientConfig config,
            ZohoCredentials credentials,
            Clock clock,
            @Nullable ZohoCallListener listener,
            OkHttpClient http,
            boolean ownsHttp) {
        this.ownsHttp = ownsHttp;
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.listener = listener == null ? ZohoCallListener.NO_OP : listener;
        this.tokens = new ZohoAccessTokenManager(config, credentials, http, clock, this.listener);
        this.classifier = new ZohoResponseClassifier(clock);
    }

    private static OkHttpClient httpClient(ZohoClientConfig config) {
        return OkHttpClients.builder(
                        config.connectTimeout(), config.readTimeout(), config.callTimeout())
                .build();
    }

    @Override
    public RecordsPage getRecords(RecordsRequest request) {
        String module = request.module();
        Function<HttpUrl, HttpUrl> url =
                base -> {
                    HttpUrl.Builder builder =
                            base.newBuilder()
                                    .addPathSegment("crm")
                                    .addPathSegment(config.apiVersion())
                                    .addPathSegment(module)
                                    .addEncodedQueryParameter("fields", fields(request.fields()))
                                    // Zoho sorts by id, descending, unless told otherwise.
                                    .addQueryParameter("sort_by", MODIFIED_TIME)
                                    .addQueryParameter("sort_order", "asc")
                                    .addQueryParameter(
                                            "per_page", String.valueOf(RecordsRequest.PER_PAGE));
                    if (module.equals("Leads")) {
                        // The default converted=false hides every converted lead.
                        builder.addQueryParameter("converted", "both");
                    }
                    if (request.pageToken() != null) {
                        // Never together with page: Zoho rejects page + page_token.
                        builder.addQueryParameter("page_token", request.pageToken());
                    }
                    return builder.build();
                };
        return call(
                module,
                ZohoCallListener.RECORDS,
                url,
                request.ifModifiedSince(),
                request.pageToken() != null,
                (json, serverTime) -> parseRecords(module, json, serverTime),
                RecordsPage::empty,
                page -> page.records().size() + page.malformed().size());
    }

    @Override
    public DeletedPage getDeletedRecords(DeletedRequest request) {
        String module = request.module();
        Function<HttpUrl, HttpUrl> url =
                base ->
                        base.newBuilder()
                                .addPathSegment("crm")
                                .addPathSegment(config.apiVersion())
                                .addPathSegment(module)
                                .addPathSegment("deleted")
                                // Recycle-bin and permanent deletions alike.
                                .addQueryParameter("type", "all")
                                .addQueryParameter("page", String.valueOf(request.page()))
                                .addQueryParameter(
                                        "per_page", String.valueOf(RecordsRequest.PER_PAGE))
                                .build();
        return call(
                module,
                ZohoCallListener.DELETED,
                url,
                request.ifModifiedSince(),
                false,
                (json, serverTime) -> parseDeleted(module, json, serverTime),
                DeletedPage::empty,
                page -> page.records().size() + page.malformed().size());
    }

    /**
     * Sends one call, refreshing the token and sending it again once on {@code 401}, and turns the
     * classified response into a page or an exception.
     */
    private <T> T call(
            String module,
            String endpoint,
            Function<HttpUrl, HttpUrl> url,
            @Nullable Instant ifModifiedSince,
            boolean pageTokenSent,
            BiFunction<JsonNode, Instant, T> parse,
            Function<Instant, T> empty,
            ToIntFunction<T> count) {
        if (closed) {
            throw new IllegalStateException("the Zoho client is closed");
        }
        long started = System.nanoTime();
        ZohoAccessToken token = tokens.accessToken(module);
        Answer answer = send(module, endpoint, url, token, ifModifiedSince, pageTokenSent);
        if (answer.response().responseClass() == ZohoResponseClass.REFRESH_AND_RETRY) {
            LOG.info(
                    "{}; minting a new access token and sending the call once more",
                    answer.response().description());
            tokens.invalidate(token);
            token = tokens.accessToken(module);
            answer = send(module, endpoint, url, token, ifModifiedSince, pageTokenSent);
            if (answer.response().responseClass() == ZohoResponseClass.REFRESH_AND_RETRY) {
                throw ZohoApiException.fatal(
                        answer.response().zohoCode(),
                        dataCentreMismatch(module, answer.response(), token));
            }
        }
        ClassifiedResponse response = answer.response();
        T result =
                switch (response.responseClass()) {
                    case OK -> parse.apply(response.body(), answer.serverTime());
                    case NO_CONTENT -> empty.apply(answer.serverTime());
                    default -> {
                        if (response.responseClass() == ZohoResponseClass.RETRY_LATER) {
                            LOG.debug("{} {}: {}", endpoint, module, response.description());
                        }
                        throw response.toException();
                    }
                };
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "{} {}: HTTP {}, {} records, {} ms",
                    endpoint,
                    module,
                    response.httpStatus(),
                    count.applyAsInt(result),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return result;
    }

    /** A classified response and Zoho's clock when it answered ({@code null} if it did not say). */
    private record Answer(ClassifiedResponse response, @Nullable Instant serverTime) {}

    private Answer send(
            String module,
            String endpoint,
            Function<HttpUrl, HttpUrl> url,
            ZohoAccessToken token,
            @Nullable Instant ifModifiedSince,
            boolean pageTokenSent) {
        Request.Builder request =
                new Request.Builder()
                        .url(url.apply(apiBase(module, token)))
                        .get()
                        .header("Authorization", "Zoho-oauthtoken " + token.value());
        if (ifModifiedSince != null) {
            request.header("If-Modified-Since", formatIfModifiedSince(ifModifiedSince));
        }
        int status = -1;
        try (Response response = http.newCall(request.build()).execute()) {
            int code = response.code();
            String body = null;
            if (code != 204 && code != 304) {
                ResponseBody responseBody = response.body();
                body = responseBody == null ? "" : responseBody.string();
            }
            status = code;
            return new Answer(
                    classifier.classifyApiResponse(
                            module, pageTokenSent, code, response.headers(), body),
                    serverTime(response));
        } catch (IOException e) {
            restoreInterruptIfInterrupted(e);
            throw new ZohoApiException(
                    ZohoApiException.Kind.RETRY_LATER,
                    null,
                    "the "
                            + endpoint
                            + " call for "
                            + module
                            + " to "
                            + apiBase(module, token)
                            + " failed ("
                            + e
                            + "): retrying later; check "
                            + ZohoClientConfig.API_DOMAIN_ENV
                            + " if this persists",
                    null,
                    e);
        } finally {
            listener.onCall(module, endpoint, status);
        }
    }

    private HttpUrl apiBase(String module, ZohoAccessToken token) {
        if (config.apiDomain() != null) {
            return HttpUrl.get(config.apiDomain());
        }
        String domain = token.apiDomain();
        if (domain == null) {
            domain = config.defaultApiDomainOfAccountsServer();
        }
        HttpUrl url = domain == null ? null : HttpUrl.parse(domain);
        if (url == null) {
            throw ZohoApiException.fatal(
                    null,
                    "cannot tell the Zoho API server for "
                            + module
                            + ": the token response's api_domain is '"
                            + token.apiDomain()
                            + "' and "
                            + ZohoClientConfig.ACCOUNTS_URL_ENV
                            + " is not a Zoho accounts server: set "
                            + ZohoClientConfig.API_DOMAIN_ENV
                            + ", e.g. https://www.zohoapis.com");
        }
        return url;
    }

    private String dataCentreMismatch(
            String module, ClassifiedResponse response, ZohoAccessToken token) {
        return "Zoho refused a freshly minted access token reading "
                + module
                + " (HTTP "
                + response.httpStatus()
                + (response.zohoCode() == null ? "" : " " + response.zohoCode())
                + (response.zohoMessage() == null ? "" : ": " + response.zohoMessage())
                + "): the token comes from "
                + ZohoClientConfig.ACCOUNTS_URL_ENV
                + "="
                + config.accountsUrl()
                + " and is sent to "
                + apiBase(module, token)
                + "; they must belong to the same data centre (e.g. https://accounts.zoho.eu with"
                + " https://www.zohoapis.eu): fix "
                + ZohoClientConfig.ACCOUNTS_URL_ENV
                + " or "
                + ZohoClientConfig.API_DOMAIN_ENV;
    }

    /**
     * Zoho's clock, from the {@code Date} header that every HTTP server with a clock sends (RFC
     * 9110, section 6.6.1); {@code null} when it is missing or not an HTTP date.
     */
    @Nullable
    private static Instant serverTime(Response response) {
        java.util.Date date = response.headers().getDate("Date");
        return date == null ? null : date.toInstant();
    }

    /** {@code 2026-03-08T10:15:30+00:00}: ISO-8601 with a numeric offset, whole seconds. */
    static String formatIfModifiedSince(Instant instant) {
        // Truncating moves the bound earlier, which is the safe way for an inclusive filter.
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)
                .format(IF_MODIFIED_SINCE);
    }

    private static String fields(List<String> fields) {
        List<String> all = new ArrayList<>(fields);
        if (!all.contains(MODIFIED_TIME)) {
            // The cursor and the sort need it; Zoho returns only the fields asked for (and id).
            all.add(MODIFIED_TIME);
        }
        // Commas stay literal, as in Zoho's documentation; each name is encoded on its own.
        return all.stream()
                .map(field -> URLEncoder.encode(field, StandardCharsets.UTF_8))
                .collect(Collectors.joining(","));
    }

    private static RecordsPage parseRecords(
            String module, JsonNode json, @Nullable Instant serverTime) {
        List<MalformedRecord> malformed = new ArrayList<>();
        List<ZohoRecord> records =
                parseItems(
                        module,
                        "records",
                        json,
                        MODIFIED_TIME,
                        malformed,
                        (id, time, item, text) -> new ZohoRecord(id, time, text));
        JsonNode info = json.path("info");
        boolean more = info.path("more_records").asBoolean(false);
        String nextPageToken = ZohoJson.text(info, "next_page_token");
        if (more && nextPageToken == null) {
            LOG.warn("Zoho says more {} records follow but sent no next_page_token", module);
        }
        return new RecordsPage(records, more, nextPageToken, malformed, serverTime);
    }

    private static DeletedPage parseDeleted(
            String module, JsonNode json, @Nullable Instant serverTime) {
        List<MalformedRecord> malformed = new ArrayList<>();
        List<DeletedRecord> records =
                parseItems(
                        module,
                        "deletions",
                        json,
                        "deleted_time",
                        malformed,
                        (id, time, item, text) ->
                                new DeletedRecord(id, time, ZohoJson.text(item, "type")));
        return new DeletedPage(
                records,
                json.path("info").path("more_records").asBoolean(false),
                malformed,
                serverTime);
    }

    /** Builds one page item from its id, its time and the item itself (JSON and compact text). */
    @FunctionalInterface
    private interface ItemFactory<T> {
        T create(String id, Instant time, JsonNode item, String text);
    }

    /**
     * Reads the {@code data} array of a page. An item without an id or a readable time goes to
     * {@code malformed}, never dropped and never failing the page (it would fail forever).
     */
    private static <T> List<T> parseItems(
            String module,
            String what,
            JsonNode json,
            String timeField,
            List<MalformedRecord> malformed,
            ItemFactory<T> factory) {
        JsonNode data = json.get("data");
        if (data == null || !data.isArray()) {
            throw ZohoApiException.retryLater(
                    null,
                    "Zoho answered HTTP 200 without a data array reading "
                            + module
                            + " "
                            + what
                            + ": retrying later",
                    null);
        }
        List<T> items = new ArrayList<>(data.size());
        for (JsonNode item : data) {
            String text = ZohoJson.compact(item);
            if (!item.isObject()) {
                malformed.add(new MalformedRecord(null, text, "not a JSON object"));
                continue;
            }
            String id = ZohoJson.text(item, "id");
            if (id == null) {
                malformed.add(new MalformedRecord(null, text, "no id"));
                continue;
            }
            Instant time = parseDateTime(item, timeField);
            if (time == null) {
                malformed.add(new MalformedRecord(id, text, unreadable(item, timeField)));
                continue;
            }
            items.add(factory.create(id, time, item, text));
        }
        warnAboutMalformed(module, what, malformed);
        return items;
    }

    /** The field's instant ({@link ZohoDateTime}), or null. */
    @Nullable
    private static Instant parseDateTime(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return ZohoDateTime.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String unreadable(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return "no " + field;
        }
        String text = value.isTextual() ? value.asText() : ZohoJson.compact(value);
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return field + " '" + text + "' is not an ISO-8601 date-time with an offset";
    }

    private static void warnAboutMalformed(
            String module, String what, List<MalformedRecord> malformed) {
        if (!malformed.isEmpty()) {
            LOG.warn(
                    "Zoho sent {} unreadable {} {} on this page; they go to the dead letters: {}",
                    malformed.size(),
                    module,
                    what,
                    malformed);
        }
    }

    /**
     * OkHttp reports an interrupted thread as an {@link InterruptedIOException} and clears the
     * flag; timeouts come as the same type. Put the flag back for a real interrupt only, so that
     * the caller (a Flink task being cancelled) sees it.
     */
    static void restoreInterruptIfInterrupted(IOException e) {
        if (e instanceof InterruptedIOException
                && !(e instanceof SocketTimeoutException)
                && !"timeout".equals(e.getMessage())) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases the connection pool and OkHttp's threads; calls after this fail. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ownsHttp) {
            return;
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
