package io.crmpulse.sinks.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.annotation.Nullable;

/**
 * A faithful local Twilio Messages API for tests (research/ollama-twilio.md, "Fake Twilio"): the
 * JDK HTTP server on a free port of localhost, reached by the real SDK through {@code
 * TWILIO_API_URL}.
 *
 * <ul>
 *   <li>{@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}: Basic auth and the path's
 *       AccountSid are checked (401, 20003); then the synchronous validation errors, each with
 *       Twilio's body {@code {code, message, more_info, status}}: 21604 (no To), 21211 (To not
 *       {@code whatsapp:+E164}), 21603 (no From), 63007 (From is not a registered WhatsApp sender),
 *       21654 (ContentVariables without ContentSid), 21655 (unknown ContentSid), 21656
 *       (ContentVariables not a JSON object), 21602 (neither Body nor ContentSid), 21617 (Body over
 *       1,600), and per recipient profile 21211, 21610, 21408, 63015. Success is 201 with an {@code
 *       SM}+32 hex SID, status {@code queued} and Twilio's documented fields.
 *   <li>{@code GET .../Messages/{Sid}.json} and {@code GET .../Messages.json} with {@code To},
 *       {@code From}, {@code DateSent}, {@code DateSent>} (on or after), {@code DateSent<}, {@code
 *       PageSize} and {@code Page}, newest first, paged like Twilio. The {@code DateSent} filters
 *       compare {@code date_sent}, which Twilio sets only when a message leaves its queue: a
 *       message still {@code queued} has {@code date_sent} null, and no {@code DateSent} filter
 *       returns it.
 *   <li>Content templates ({@link #registerContent}): known {@code HX} SIDs, the variables rendered
 *       into the final text.
 *   <li>Scripted failures: 500/503 before creating ({@link #failNextPosts}), 429 with 20429 ({@link
 *       #rateLimitNextPosts}), accept then drop ({@link #acceptThenDropNextPosts}: the message is
 *       created, then the connection is closed or the response stalls past the client's read
 *       timeout), 5xx after creating ({@link #serverErrorAfterCreateNextPosts}), failing list reads
 *       ({@link #failNextReads}).
 *   <li>Asynchronous outcomes ({@link #deliverQueued}): {@code queued} becomes {@code delivered},
 *       or {@code failed}/{@code undelivered} with 63015, 63016, 63003, 63013 or 63021 as the
 *       recipient's profile and the content call for.
 *   <li>Inspection: received requests, created messages with their rendered text, duplicates,
 *       {@link #reset}.
 * </ul>
 */
public final class FakeTwilio implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "fake-auth-token-0123456789abcdef";
    public static final String SANDBOX_FROM = "whatsapp:+14155238886";

    private static final Pattern WHATSAPP_E164 = Pattern.compile("whatsapp:\\+[1-9][0-9]{7,14}");
    private static final Pattern MESSAGES =
            Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final Pattern MESSAGE =
            Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\\.json");
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
                    .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a recipient behaves. */
    public enum RecipientProfile {
        /** Receives everything. */
        NORMAL,
        /** 21211 at create: not a valid number. */
        INVALID_NUMBER,
        /** 21610 at create: replied STOP. */
        OPTED_OUT,
        /** 21408 at create: the country is not enabled in Geo Permissions. */
        GEO_BLOCKED,
        /** 63015 at create: has not joined the sandbox. */
        NOT_JOINED_AT_SEND,
        /** Accepted, then failed with 63015 (sandbox not joined). */
        NOT_JOINED,
        /** Accepted; a free-form Body then fails with 63016 (no open 24-hour window). */
        WINDOW_CLOSED,
        /** Accepted, then undelivered with 63003 (not a WhatsApp user). */
        NOT_ON_WHATSAPP
    }

    /** How an "accept then drop" answers after creating the message. */
    public enum DropMode {
        /** Closes the connection without a response. */
        CLOSE_CONNECTION,
        /** Sends nothing until the client's read timeout has long passed. */
        STALL
    }

    /** A request the fake received. */
    public record ReceivedRequest(
            String method,
            String path,
            Map<String, List<String>> query,
            Map<String, List<String>> form,
            boolean authenticated,
            Instant receivedAt) {

        /** The first value of a form field, or null. */
        @Nullable
        public String formValue(String name) {
            List<String> values = form.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** A message the fake created, as it is now. */
    public record FakeMessage(
            String sid,
            String to,
            String from,
            @Nullable String body,
            @Nullable String contentSid,
            Map<String, String> contentVariables,
            String renderedText,
            String status,
            @Nullable Integer errorCode,
            Instant dateCreated,
            @Nullable Instant dateSent) {}

    private enum FaultKind {
        FAIL_BEFORE_CREATE,
        RATE_LIMIT,
        DROP_AFTER_CREATE,
        ERROR_AFTER_CREATE
    }

    private record Fault(FaultKind kind, int status, DropMode dropMode) {}

    private static final class StoredMessage {
        final String sid;
        final String to;
        final String from;
        @Nullable final String body;
        @Nullable final String contentSid;
        final Map<String, String> variables;
        final String rendered;
        final Instant created;
        String status = "queued";
        @Nullable Integer errorCode;
        @Nullable String errorMessage;
        Instant updated;
        @Nullable Instant sent;

        StoredMessage(
                String sid,
                String to,
                String from,
                @Nullable String body,
                @Nullable String contentSid,
                Map<String, String> variables,
                String rendered,
                Instant created) {
            this.sid = sid;
            this.to = to;
            this.from = from;
            this.body = body;
            this.contentSid = contentSid;
            this.variables = variables;
            this.rendered = rendered;
            this.created = created;
            this.updated = created;
        }

        FakeMessage snapshot() {
            return new FakeMessage(
                    sid,
                    to,
                    from,
                    body,
                    contentSid,
                    variables,
                    rendered,
                    status,
                    errorCode,
                    created,
                    sent);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final String accountSid;
    private final String authToken;
    private final Set<String> senders;
    private final Duration stall;
    private final AtomicLong sequence = new AtomicLong();

    private final List<ReceivedRequest> requests = new ArrayList<>();
    private final List<StoredMessage> messages = new ArrayList<>();
    private final Deque<Fault> postFaults = new ArrayDeque<>();
    private int failingReads;
    private final Map<String, RecipientProfile> profiles = new HashMap<>();
    private final Map<String, String> contents = new HashMap<>();

    private FakeTwilio(Builder builder) throws IOException {
        this.clock = builder.clock;
        this.accountSid = builder.accountSid;
        this.authToken = builder.authToken;
        this.senders = Set.copyOf(builder.senders);
        this.stall = builder.stall;
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor =
                Executors.newCachedThreadPool(
                        runnable -> {
                            Thread thread = new Thread(runnable, "fake-twilio");
                            thread.setDaemon(true);
                            return thread;
                        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake with the default account, token and sandbox sender, on the system clock. */
    public static FakeTwilio start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a fake. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private String accountSid = ACCOUNT_SID;
        private String authToken = AUTH_TOKEN;
        private List<String> senders = List.of(SANDBOX_FROM);
        private Duration stall = Duration.ofSeconds(5);

        /** The clock of {@code date_created} and of the {@code DateSent} filters. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder credentials(String accountSid, String authToken) {
            this.accountSid = accountSid;
            this.authToken = authToken;
            return this;
        }

        /** The registered WhatsApp senders ({@code whatsapp:+E164}); others get 63007. */
        public Builder senders(String... senders) {
            this.senders = List.of(senders);
            return this;
        }

        /** How long a {@link DropMode#STALL} keeps the client waiting. */
        public Builder stall(Duration stall) {
            this.stall = stall;
            return this;
        }

        public FakeTwilio start() {
            try {
                return new FakeTwilio(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the fake Twilio", e);
            }
        }
    }

    /** {@code http://127.0.0.1:PORT}: the value of {@code TWILIO_API_URL}. */
    public String baseUrl() {
        return "http://"
                + server.getAddress().getAddress().getHostAddress()
                + ":"
                + server.getAddress().getPort();
    }

    /** The environment that points the job at this fake, for the given recipients. */
    public Map<String, String> env(String... recipients) {
        Map<String, String> env = new HashMap<>();
        env.put(TwilioSettings.ACCOUNT_SID_ENV, accountSid);
        env.put(TwilioSettings.AUTH_TOKEN_ENV, authToken);
        env.put(TwilioSettings.FROM_NUMBER_ENV, senders.iterator().next());
        env.put(TwilioSettings.API_URL_ENV, baseUrl());
        env.put(TwilioSettings.RECIPIENTS_ENV, String.join(",", recipients));
        return env;
    }

    // -- Scripting ---------------------------------------------------------------------------

    /** The next {@code count} POSTs get {@code httpStatus} (500 or 503) and create nothing. */
    public synchronized FakeTwilio failNextPosts(int count, int httpStatus) {
        for (int i = 0; i < count; i++) {
            postFaults.add(new Fault(FaultKind.FAIL_BEFORE_CREATE, httpStatus, null));
        }
        return this;
    }

    /** The next {@code count} POSTs get 429 with error 20429 and create nothing. */
    public synchronized FakeTwilio rateLimitNextPosts(int count) {
        for (int i = 0; i < count; i++) {
            postFaults.add(new Fault(FaultKind.RATE_LIMIT, 429, null));
        }
        return this;
    }

    /** The next {@code count} valid POSTs create their message, then give no response. */
    public synchronized FakeTwilio acceptThenDropNextPosts(int count, DropMode mode) {
        for (int i = 0; i < count; i++) {
            postFaults.add(new Fault(FaultKind.DROP_AFTER_CREATE, 0, mode));
        }
        return this;
    }

    /** The next {@code count} valid POSTs create their message, then answer 500. */
    public synchronized FakeTwilio serverErrorAfterCreateNextPosts(int count) {
        for (int i = 0; i < count; i++) {
            postFaults.add(new Fault(FaultKind.ERROR_AFTER_CREATE, 500, null));
        }
        return this;
    }

    /** The next {@code count} GETs of the message list answer 503. */
    public synchronized FakeTwilio failNextReads(int count) {
        failingReads += count;
        return this;
    }

    /** How {@code to} ({@code whatsapp:+E164}) behaves from now on. */
    public synchronized FakeTwilio profile(String to, RecipientProfile profile) {
        profiles.put(to, profile);
        return this;
    }

    /**
     * Registers an approved template: {@code HX}+32 hex and its text with {@code {{1}}}-style
     * placeholders.
     */
    public synchronized FakeTwilio registerContent(String contentSid, String template) {
        contents.put(contentSid, template);
        return this;
    }

    /**
     * Moves every queued message out of the queue (it gets its {@code date_sent}) to its final
     * state: {@code delivered}, or {@code failed} / {@code undelivered} with the error its
     * recipient's profile or its content calls for.
     */
    public synchronized void deliverQueued() {
        for (StoredMessage message : messages) {
            if (!message.status.equals("queued")) {
                continue;
            }
            RecipientProfile profile = profiles.getOrDefault(message.to, RecipientProfile.NORMAL);
            message.updated = clock.instant();
            // It leaves the queue now: sent to WhatsApp, whatever WhatsApp then makes of it.
            message.sent = message.updated;
            if (profile == RecipientProfile.NOT_JOINED) {
                fail(
                        message,
                        "failed",
                        63015,
                        "Channel Sandbox can only send messages to"
                                + " phone numbers that have joined the Sandbox");
            } else if (profile == RecipientProfile.WINDOW_CLOSED && message.contentSid == null) {
                fail(
                        message,
                        "failed",
                        63016,
                        "Failed to send freeform message because you are"
                                + " outside the allowed window. Please use a Template.");
            } else if (profile == RecipientProfile.NOT_ON_WHATSAPP) {
                fail(message, "undelivered", 63003, "Channel could not find To address");
            } else if (message.contentSid != null && !validVariables(message.variables)) {
                fail(
                        message,
                        "failed",
                        63013,
                        "This message violates a channel policy: a"
                                + " template variable is empty or has tabs, newlines or more than 4"
                                + " consecutive spaces");
            } else if (message.contentSid != null && message.rendered.length() > 1024) {
                fail(
                        message,
                        "failed",
                        63021,
                        "Channel invalid content error: the template"
                                + " with its parameters is over 1024 characters");
            } else {
                message.status = "delivered";
            }
        }
    }

    private static void fail(StoredMessage message, String status, int code, String text) {
        message.status = status;
        message.errorCode = code;
        message.errorMessage = text;
    }

    private static boolean validVariables(Map<String, String> variables) {
        for (String value : variables.values()) {
            if (value == null
                    || value.isBlank()
                    || value.contains("\n")
                    || value.contains("\t")
                    || value.contains("     ")) {
                return false;
            }
        }
        return true;
    }

    /** Forgets requests, messages, scripted faults and profiles (registered content stays). */
    public synchronized void reset() {
        requests.clear();
        messages.clear();
        postFaults.clear();
        failingReads = 0;
        profiles.clear();
    }

    // -- Inspection --------------------------------------------------------------------------

    public synchronized List<ReceivedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The POSTs to the Messages resource, in arrival order (failed ones included). */
    public synchronized List<ReceivedRequest> posts() {
        return requests.stream()
                .filter(r -> r.method().equals("POST"))
                .collect(Collectors.toUnmodifiableList());
    }

    public synchronized int postCount() {
        return posts().size();
    }

    /** The created messages, oldest first. */
    public synchronized List<FakeMessage> messages() {
        return messages.stream()
                .map(StoredMessage::snapshot)
                .collect(Collectors.toUnmodifiableList());
    }

    public synchronized List<FakeMessage> messagesTo(String to) {
        return messages.stream()
                .filter(m -> m.to.equals(to))
                .map(StoredMessage::snapshot)
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * Messages with the same recipient and rendered text created within {@code window} of each
     * other: the duplicates a double send would leave.
     */
    public synchronized List<List<FakeMessage>> duplicates(Duration window) {
        Map<String, List<StoredMessage>> byContent = new LinkedHashMap<>();
        for (StoredMessage message : messages) {
            byContent
                    .computeIfAbsent(
                            message.to + "\u0000" + message.rendered, k -> new ArrayList<>())
                    .add(message);
        }
        List<List<FakeMessage>> duplicates = new ArrayList<>();
        for (List<StoredMessage> same : byContent.values()) {
            for (int i = 1; i < same.size(); i++) {
                Duration gap = Duration.between(same.get(i - 1).created, same.get(i).created);
                if (gap.compareTo(window) <= 0) {
                    duplicates.add(
                            same.stream()
                                    .map(StoredMessage::snapshot)
                                    .collect(Collectors.toList()));
                    break;
                }
            }
        }
        return duplicates;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // -- HTTP --------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, List<String>> form = method.equals("POST") ? parseForm(body) : Map.of();
            String user = basicUser(exchange);
            boolean authenticated = user != null && credentialsMatch(exchange);
            synchronized (this) {
                requests.add(
                        new ReceivedRequest(
                                method, path, query, form, authenticated, clock.instant()));
            }
            Matcher list = MESSAGES.matcher(path);
            Matcher one = MESSAGE.matcher(path);
            String pathAccount =
                    list.matches() ? list.group(1) : one.matches() ? one.group(1) : null;
            if (pathAccount == null) {
                error(exchange, 404, 20404, "The requested resource " + path + " was not found");
                return;
            }
            if (!authenticated || !pathAccount.equals(user)) {
                error(exchange, 401, 20003, "Authenticate");
                return;
            }
            if (list.matches() && method.equals("POST")) {
                create(exchange, form);
            } else if (list.matches() && method.equals("GET")) {
                list(exchange, query);
            } else if (one.matches() && method.equals("GET")) {
                fetch(exchange, one.group(2));
            } else {
                error(exchange, 405, 20004, "Method not allowed");
            }
        } catch (RuntimeException e) {
            error(exchange, 500, 20500, "An internal server error has occurred: " + e);
        } finally {
            exchange.close();
        }
    }

    private void create(HttpExchange exchange, Map<String, List<String>> form) throws IOException {
        Fault fault;
        synchronized (this) {
            fault = postFaults.poll();
        }
        if (fault != null && fault.kind() == FaultKind.RATE_LIMIT) {
            error(exchange, 429, 20429, "Too Many Requests");
            return;
        }
        if (fault != null && fault.kind() == FaultKind.FAIL_BEFORE_CREATE) {
            error(
                    exchange,
                    fault.status(),
                    fault.status() == 503 ? 20503 : 20500,
                    fault.status() == 503
                            ? "Service Unavailable"
                            : "An internal server error has occurred");
            return;
        }
        String to = first(form, "To");
        String from = first(form, "From");
        String text = first(form, "Body");
        String contentSid = first(form, "ContentSid");
        String variablesJson = first(form, "ContentVariables");
        if (to == null || to.isBlank()) {
            error(exchange, 400, 21604, "A 'To' phone number is required.");
            return;
        }
        if (!WHATSAPP_E164.matcher(to).matches()) {
            error(exchange, 400, 21211, "Invalid 'To' Phone Number: " + to);
            return;
        }
        if (from == null || from.isBlank()) {
            error(exchange, 400, 21603, "A 'From' phone number is required.");
            return;
        }
        if (!senders.contains(from)) {
            error(
                    exchange,
                    400,
                    63007,
                    "Twilio could not find a Channel with the specified From address");
            return;
        }
        if (variablesJson != null && contentSid == null) {
            error(exchange, 400, 21654, "ContentVariables were provided without a ContentSid");
            return;
        }
        String template = null;
        Map<String, String> variables = Map.of();
        if (contentSid != null) {
            synchronized (this) {
                template = contents.get(contentSid);
            }
            if (template == null) {
                error(exchange, 400, 21655, "The ContentSid is Invalid");
                return;
            }
            if (variablesJson != null) {
                try {
                    variables =
                            JSON.readValue(
                                    variablesJson, new TypeReference<Map<String, String>>() {});
                } catch (JsonProcessingException e) {
                    error(exchange, 400, 21656, "The ContentVariables Parameter is invalid");
                    return;
                }
            }
        } else if (text == null || text.isEmpty()) {
            error(exchange, 400, 21602, "Message body is required.");
            return;
        }
        if (text != null && text.length() > 1600) {
            error(
                    exchange,
                    400,
                    21617,
                    "The concatenated message body exceeds the 1600 character limit");
            return;
        }
        RecipientProfile profile;
        synchronized (this) {
            profile = profiles.getOrDefault(to, RecipientProfile.NORMAL);
        }
        switch (profile) {
            case INVALID_NUMBER:
                error(exchange, 400, 21211, "Invalid 'To' Phone Number: " + to);
                return;
            case OPTED_OUT:
                error(exchange, 400, 21610, "Attempt to send to unsubscribed recipient");
                return;
            case GEO_BLOCKED:
                error(
                        exchange,
                        400,
                        21408,
                        "Permission to send an SMS has not been enabled for the region"
                                + " indicated by the 'To' number: "
                                + to);
                return;
            case NOT_JOINED_AT_SEND:
                error(
                        exchange,
                        400,
                        63015,
                        "Channel Sandbox can only send messages to phone numbers that have"
                                + " joined the Sandbox");
                return;
            default:
                break;
        }
        String rendered = template == null ? text : render(template, variables);
        StoredMessage message;
        synchronized (this) {
            message =
                    new StoredMessage(
                            newSid(),
                            to,
                            from,
                            contentSid == null ? text : null,
                            contentSid,
                            variables,
                            rendered,
                            clock.instant());
            messages.add(message);
        }
        if (fault != null && fault.kind() == FaultKind.DROP_AFTER_CREATE) {
            if (fault.dropMode() == DropMode.STALL) {
                try {
                    Thread.sleep(stall.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // Closing the exchange before any response closes the connection.
            return;
        }
        if (fault != null && fault.kind() == FaultKind.ERROR_AFTER_CREATE) {
            error(exchange, 500, 20500, "An internal server error has occurred");
            return;
        }
        respond(exchange, 201, messageJson(message));
    }

    private static String render(String template, Map<String, String> variables) {
        Matcher placeholder = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String value = variables.getOrDefault(placeholder.group(1), "");
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    private void list(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
        synchronized (this) {
            if (failingReads > 0) {
                failingReads--;
                error(exchange, 503, 20503, "Service Unavailable");
                return;
            }
        }
        String to = first(query, "To");
        String from = first(query, "From");
        String sentOn = first(query, "DateSent");
        String sentAfter = first(query, "DateSent>");
        String sentBefore = first(query, "DateSent<");
        int pageSize = intParam(query, "PageSize", 50);
        int page = intParam(query, "Page", 0);
        List<StoredMessage> matching;
        synchronized (this) {
            matching =
                    messages.stream()
                            .filter(m -> to == null || m.to.equals(to))
                            .filter(m -> from == null || m.from.equals(from))
                            // A queued message has no date_sent: no DateSent filter matches it.
                            .filter(
                                    m ->
                                            sentOn == null
                                                    || (m.sent != null && onDay(m.sent, sentOn)))
                            .filter(
                                    m ->
                                            sentAfter == null
                                                    || (m.sent != null
                                                            && !m.sent.isBefore(
                                                                    lowerBound(sentAfter))))
                            .filter(
                                    m ->
                                            sentBefore == null
                                                    || (m.sent != null
                                                            && !m.sent.isAfter(
                                                                    upperBound(sentBefore))))
                            // Newest first by send date, as Twilio lists; where a message not sent
                            // yet stands it does not say: last here, the harder case for a caller.
                            .sorted(
                                    Comparator.comparing(
                                                    (StoredMessage m) -> m.sent,
                                                    Comparator.nullsFirst(
                                                            Comparator.<Instant>naturalOrder()))
                                            .thenComparing(m -> m.created)
                                            .thenComparing(m -> m.sid)
                                            .reversed())
                            .collect(Collectors.toList());
        }
        int start = Math.min(page * pageSize, matching.size());
        int end = Math.min(start + pageSize, matching.size());
        String base = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
        String filters = filterQuery(query);
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> pageMessages = new ArrayList<>();
        for (StoredMessage message : matching.subList(start, end)) {
            pageMessages.add(messageMap(message));
        }
        json.put("messages", pageMessages);
        json.put("end", Math.max(start, end - 1));
        json.put("first_page_uri", base + "?" + filters + "PageSize=" + pageSize + "&Page=0");
        json.put(
                "next_page_uri",
                end < matching.size()
                        ? base + "?" + filters + "PageSize=" + pageSize + "&Page=" + (page + 1)
                        : null);
        json.put("page", page);
        json.put("page_size", pageSize);
        json.put(
                "previous_page_uri",
                page > 0
                        ? base + "?" + filters + "PageSize=" + pageSize + "&Page=" + (page - 1)
                        : null);
        json.put("start", start);
        json.put("uri", base + "?" + filters + "PageSize=" + pageSize + "&Page=" + page);
        respond(exchange, 200, JSON.writeValueAsString(json));
    }

    private void fetch(HttpExchange exchange, String sid) throws IOException {
        StoredMessage found;
        synchronized (this) {
            found = messages.stream().filter(m -> m.sid.equals(sid)).findFirst().orElse(null);
        }
        if (found == null) {
            error(
                    exchange,
                    404,
                    20404,
                    "The requested resource /2010-04-01/Accounts/"
                            + accountSid
                            + "/Messages/"
                            + sid
                            + ".json was not found");
            return;
        }
        respond(exchange, 200, messageJson(found));
    }

    private String messageJson(StoredMessage message) throws JsonProcessingException {
        synchronized (this) {
            return JSON.writeValueAsString(messageMap(message));
        }
    }

    private Map<String, Object> messageMap(StoredMessage message) {
        String uri = "/2010-04-01/Accounts/" + accountSid + "/Messages/" + message.sid;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", accountSid);
        json.put("api_version", "2010-04-01");
        json.put("body", message.rendered);
        json.put("date_created", RFC_2822.format(message.created));
        json.put("date_sent", message.sent == null ? null : RFC_2822.format(message.sent));
        json.put("date_updated", RFC_2822.format(message.updated));
        json.put("direction", "outbound-api");
        json.put("error_code", message.errorCode);
        json.put("error_message", message.errorMessage);
        json.put("from", message.from);
        json.put("messaging_service_sid", null);
        json.put("num_media", "0");
        json.put("num_segments", "1");
        json.put("price", null);
        json.put("price_unit", "USD");
        json.put("sid", message.sid);
        json.put("status", message.status);
        json.put("subresource_uris", Map.of("media", uri + "/Media.json"));
        json.put("to", message.to);
        json.put("uri", uri + ".json");
        return json;
    }

    private String newSid() {
        long n = sequence.incrementAndGet();
        return String.format(
                Locale.ROOT, "SM%016x%016x", ThreadLocalRandom.current().nextLong(), n);
    }

    private void error(HttpExchange exchange, int status, int code, String message)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", code);
        json.put("message", message);
        json.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        json.put("status", status);
        respond(exchange, status, JSON.writeValueAsString(json));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Nullable
    private String basicUser(HttpExchange exchange) {
        String[] credentials = basicCredentials(exchange);
        return credentials == null ? null : credentials[0];
    }

    private boolean credentialsMatch(HttpExchange exchange) {
        String[] credentials = basicCredentials(exchange);
        return credentials != null
                && credentials[0].equals(accountSid)
                && credentials[1].equals(authToken);
    }

    @Nullable
    private static String[] basicCredentials(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded =
                    new String(
                            Base64.getDecoder().decode(header.substring(6).trim()),
                            StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0
                ? null
                : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static Map<String, List<String>> parseForm(@Nullable String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name =
                    URLDecoder.decode(
                            eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value =
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return Collections.unmodifiableMap(values);
    }

    @Nullable
    private static String first(Map<String, List<String>> values, String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    private static int intParam(Map<String, List<String>> query, String name, int fallback) {
        String value = first(query, name);
        try {
            return value == null ? fallback : Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String filterQuery(Map<String, List<String>> query) {
        StringBuilder filters = new StringBuilder();
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            if (entry.getKey().equals("Page")
                    || entry.getKey().equals("PageSize")
                    || entry.getKey().equals("PageToken")) {
                continue;
            }
            for (String value : entry.getValue()) {
                filters.append(java.net.URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8))
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8))
                        .append('&');
            }
        }
        return filters.toString();
    }

    private static boolean onDay(Instant instant, String day) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().equals(LocalDate.parse(day));
    }

    /** {@code DateSent>}: on or after a UTC date-time (the SDK's format) or date. */
    private static Instant lowerBound(String value) {
        try {
            return LocalDateTime.parse(value.replace("Z", "")).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** {@code DateSent<}: on or before a UTC date-time, or within a date. */
    private static Instant upperBound(String value) {
        try {
            return LocalDateTime.parse(value.replace("Z", "")).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return LocalDate.parse(value)
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .minusNanos(1);
        }
    }
}
