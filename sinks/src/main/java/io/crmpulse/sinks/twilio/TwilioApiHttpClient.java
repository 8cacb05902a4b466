package io.crmpulse.sinks.twilio;

import com.twilio.constant.EnumConstants;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.HttpUtility;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP transport under the Twilio SDK: sends each request to {@code TWILIO_API_URL} (the SDK
 * hard-codes {@code https://api.twilio.com}) and makes exactly one attempt.
 *
 * <p>The SDK's own {@link HttpClient#reliableRequest} repeats any request three times on a 5xx,
 * POSTs included; a 5xx returned after Twilio created the message would then send it twice. Here
 * every outcome goes back to the caller, which classifies it ({@link TwilioErrorPolicy}) and
 * reconciles an ambiguous one before any resend. It uses Apache HttpClient 5, the SDK's own
 * transport library, with its automatic retries and redirects off.
 */
public final class TwilioApiHttpClient extends HttpClient implements Closeable {

    private final URI baseUrl;
    private final CloseableHttpClient http;

    /**
     * @param baseUrl scheme, host and optional port, e.g. {@code http://127.0.0.1:8080}
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout how long to wait for the response once the request is sent
     */
    public TwilioApiHttpClient(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
        Timeout read = Timeout.ofMilliseconds(readTimeout.toMillis());
        this.http =
                HttpClients.custom()
                        .setConnectionManager(
                                PoolingHttpClientConnectionManagerBuilder.create()
                                        .setMaxConnPerRoute(4)
                                        .setMaxConnTotal(8)
                                        .setDefaultConnectionConfig(
                                                ConnectionConfig.custom()
                                                        .setConnectTimeout(connect)
                                                        .setSocketTimeout(read)
                                                        .build())
                                        .build())
                        .setDefaultRequestConfig(
                                RequestConfig.custom()
                                        .setConnectionRequestTimeout(connect)
                                        .setResponseTimeout(read)
                                        .build())
                        .setDefaultHeaders(
                                List.of(
                                        new BasicHeader(
                                                "X-Twilio-Client",
                                                "java-" + com.twilio.Twilio.VERSION),
                                        new BasicHeader(HttpHeaders.ACCEPT, "application/json")))
                        .disableAutomaticRetries()
                        .disableRedirectHandling()
                        .build();
    }

    /** One attempt, whatever the outcome. */
    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    /** One attempt, whatever the outcome: the retry codes and counts are ignored on purpose. */
    @Override
    public Response reliableRequest(
            Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        HttpMethod method = request.getMethod();
        HttpUriRequestBase httpRequest = new HttpUriRequestBase(method.toString(), target(request));
        if (request.requiresAuthentication()) {
            httpRequest.addHeader(HttpHeaders.AUTHORIZATION, request.getAuthString());
        }
        for (Map.Entry<String, List<String>> header : request.getHeaderParams().entrySet()) {
            for (String value : header.getValue()) {
                httpRequest.addHeader(header.getKey(), value);
            }
        }
        httpRequest.addHeader(
                HttpHeaders.USER_AGENT,
                HttpUtility.getUserAgentString(request.getUserAgentExtensions(), true));
        if (method != HttpMethod.GET && method != HttpMethod.DELETE) {
            if (request.getContentType() != null
                    && EnumConstants.ContentType.JSON
                            .getValue()
                            .equals(request.getContentType().getValue())) {
                httpRequest.setEntity(
                        new StringEntity(request.getBody(), ContentType.APPLICATION_JSON));
            } else {
                httpRequest.setEntity(
                        new StringEntity(
                                request.encodeFormBody(),
                                ContentType.APPLICATION_FORM_URLENCODED.withCharset(
                                        StandardCharsets.UTF_8)));
            }
        }
        try {
            return http.execute(
                    httpRequest,
                    response ->
                            new Response(
                                    response.getEntity() == null
                                            ? ""
                                            : EntityUtils.toString(
                                                    response.getEntity(), StandardCharsets.UTF_8),
                                    response.getCode(),
                                    response.getHeaders()));
        } catch (ConnectException
                | ConnectTimeoutException
                | UnknownHostException
                | NoRouteToHostException e) {
            throw new TwilioTransportException(
                    "Cannot connect to the Twilio API at " + baseUrl + ": " + e.getMessage(),
                    e,
                    false);
        } catch (IOException e) {
            throw new TwilioTransportException(
                    method
                            + " to the Twilio API at "
                            + baseUrl
                            + " got no response ("
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage()
                            + ")",
                    e,
                    true);
        }
    }

    /** The SDK's URL with the scheme, host and port of {@code TWILIO_API_URL}. */
    URI target(Request request) {
        URI original;
        try {
            original = request.constructURL().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The Twilio SDK built a bad URL", e);
        }
        String query = original.getRawQuery();
        return URI.create(
                baseUrl.getScheme()
                        + "://"
                        + baseUrl.getRawAuthority()
                        + original.getRawPath()
                        + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
