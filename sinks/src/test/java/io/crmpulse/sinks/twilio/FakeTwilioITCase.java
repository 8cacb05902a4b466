package io.crmpulse.sinks.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import io.crmpulse.sinks.testing.MutableClock;
import io.crmpulse.sinks.twilio.FakeTwilio.FakeMessage;
import io.crmpulse.sinks.twilio.FakeTwilio.RecipientProfile;
import io.crmpulse.sinks.twilio.SendOutcome.Disposition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake Twilio keeps the real API's contract, as the real SDK sees it. */
class FakeTwilioITCase {

    private static final String CEO = "whatsapp:+919876543210";

    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private FakeTwilio twilio;
    private TwilioApiHttpClient http;
    private TwilioRestClient client;
    private TwilioWhatsAppSender sender;

    @BeforeEach
    void start() {
        twilio = FakeTwilio.builder().clock(clock).start();
        http =
                new TwilioApiHttpClient(
                        URI.create(twilio.baseUrl()), Duration.ofSeconds(1), Duration.ofSeconds(2));
        client =
                new TwilioRestClient.Builder(FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN)
                        .accountSid(FakeTwilio.ACCOUNT_SID)
                        .httpClient(http)
                        .build();
        sender = new TwilioWhatsAppSender(TwilioSettings.fromEnv(twilio.env(CEO)), client);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        twilio.close();
    }

    private static WhatsAppContent text(String body) {
        return new WhatsAppContent(body, Map.of("1", "x", "2", "y"));
    }

    @Test
    void aCreatedMessageHasTwiliosShape() throws Exception {
        HttpResponse<String> response =
                post(
                        "To=" + enc(CEO) + "&From=" + enc(FakeTwilio.SANDBOX_FROM) + "&Body=Hello",
                        true);

        JsonNode json = new ObjectMapper().readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json.get("sid").asText()).matches("SM[0-9a-f]{32}");
        assertThat(json.get("status").asText()).isEqualTo("queued");
        assertThat(json.get("direction").asText()).isEqualTo("outbound-api");
        assertThat(json.get("api_version").asText()).isEqualTo("2010-04-01");
        assertThat(json.get("num_segments").asText()).isEqualTo("1");
        assertThat(json.get("error_code").isNull()).isTrue();
        assertThat(json.get("date_created").asText()).isEqualTo("Mon, 02 Mar 2026 10:00:00 +0000");
        assertThat(json.get("uri").asText())
                .isEqualTo(
                        "/2010-04-01/Accounts/"
                                + FakeTwilio.ACCOUNT_SID
                                + "/Messages/"
                                + json.get("sid").asText()
                                + ".json");
    }

    @Test
    void wrongCredentialsAreRefusedWith20003AndTheTokenStaysOutOfTheError() {
        Map<String, String> env = twilio.env(CEO);
        env.put("TWILIO_AUTH_TOKEN", "wrong-token-abcdef");
        try (TwilioWhatsAppSender wrong =
                TwilioWhatsAppSender.create(TwilioSettings.fromEnv(env))) {

            SendOutcome outcome = wrong.send(CEO, text("hi"));

            assertThat(outcome.disposition()).isEqualTo(Disposition.PERMANENT);
            assertThat(outcome.httpStatus()).isEqualTo(401);
            assertThat(outcome.errorCode()).isEqualTo(20003);
            assertThat(outcome.detail()).doesNotContain("wrong-token-abcdef");
        }
        assertThat(twilio.posts().get(0).authenticated()).isFalse();
    }

    @Test
    void anotherAccountsPathIsRefusedWith20003() throws Exception {
        HttpResponse<String> response =
                send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                twilio.baseUrl()
                                                        + "/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Messages.json"))
                                .header("Authorization", basic())
                                .GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":20003");
    }

    @Test
    void synchronousValidationErrorsCarryTwiliosCodes() throws Exception {
        String from = "&From=" + enc(FakeTwilio.SANDBOX_FROM);
        assertThat(post("Body=hi" + from, true).body()).contains("\"code\":21604");
        assertThat(post("To=" + enc("+919876543210") + from + "&Body=hi", true).body())
                .contains("\"code\":21211");
        assertThat(
                        post(
                                        "To="
                                                + enc(CEO)
                                                + "&From="
                                                + enc("whatsapp:+15550001111")
                                                + "&Body=hi",
                                        true)
                                .body())
                .contains("\"code\":63007");
        assertThat(
                        post(
                                        "To="
                                                + enc(CEO)
                                                + from
                                                + "&ContentVariables="
                                                + enc("{\"1\":\"a\"}"),
                                        true)
                                .body())
                .contains("\"code\":21654");
        assertThat(post("To=" + enc(CEO) + from + "&Body=" + "x".repeat(1601), true).body())
                .contains("\"code\":21617");
        assertThat(
                        post(
                                        "To="
                                                + enc(CEO)
                                                + from
                                                + "&ContentSid=HX00000000000000000000000000000000",
                                        true)
                                .body())
                .contains("\"code\":21655");
        HttpResponse<String> missingBody = post("To=" + enc(CEO) + from, true);
        assertThat(missingBody.statusCode()).isEqualTo(400);
        assertThat(missingBody.body())
                .contains("\"code\":21602")
                .contains("\"more_info\":\"https://www.twilio.com/docs/errors/21602\"")
                .contains("\"status\":400");
        assertThat(twilio.messages()).isEmpty();
    }

    @Test
    void recipientProfilesGiveTheirErrors() {
        twilio.profile(CEO, RecipientProfile.GEO_BLOCKED);
        assertThat(sender.send(CEO, text("hi")).errorCode()).isEqualTo(21408);
        twilio.profile(CEO, RecipientProfile.OPTED_OUT);
        assertThat(sender.send(CEO, text("hi")).errorCode()).isEqualTo(21610);
        twilio.profile(CEO, RecipientProfile.NOT_JOINED_AT_SEND);
        assertThat(sender.send(CEO, text("hi")).errorCode()).isEqualTo(63015);

        twilio.profile(CEO, RecipientProfile.WINDOW_CLOSED);
        SendOutcome accepted = sender.send(CEO, text("free-form outside the window"));
        twilio.deliverQueued();
        Message later = Message.fetcher(accepted.sid()).fetch(client);

        assertThat(accepted.disposition()).isEqualTo(Disposition.ACCEPTED);
        assertThat(later.getStatus()).isEqualTo(Message.Status.FAILED);
        assertThat(later.getErrorCode()).isEqualTo(63016);
    }

    @Test
    void aRateLimitIs429With20429AndCreatesNothing() {
        twilio.rateLimitNextPosts(1);

        SendOutcome outcome = sender.send(CEO, text("hi"));

        assertThat(outcome.disposition()).isEqualTo(Disposition.RETRY);
        assertThat(outcome.httpStatus()).isEqualTo(429);
        assertThat(outcome.errorCode()).isEqualTo(20429);
        assertThat(twilio.messages()).isEmpty();
    }

    @Test
    void scriptedServerErrorsAreOneAttemptEachNotTheSdksThree() {
        twilio.failNextPosts(2, 500);

        SendOutcome first = sender.send(CEO, text("hi"));
        SendOutcome second = sender.send(CEO, text("hi"));
        SendOutcome third = sender.send(CEO, text("hi"));

        assertThat(first.disposition()).isEqualTo(Disposition.AMBIGUOUS);
        assertThat(second.disposition()).isEqualTo(Disposition.AMBIGUOUS);
        assertThat(third.disposition()).isEqualTo(Disposition.ACCEPTED);
        assertThat(twilio.postCount()).isEqualTo(3);
        assertThat(twilio.messages()).hasSize(1);
    }

    @Test
    void aQueuedMessageHasNoDateSentAndNoDateSentFilterReturnsIt() {
        Instant since = clock.instant();
        SendOutcome sent = sender.send(CEO, text("still queued"));

        Message queued = Message.fetcher(sent.sid()).fetch(client);
        List<Message> beforeSending = sentAfter(since);
        clock.advance(Duration.ofSeconds(3));
        twilio.deliverQueued();
        List<Message> afterSending = sentAfter(since);

        assertThat(queued.getStatus()).isEqualTo(Message.Status.QUEUED);
        assertThat(queued.getDateSent()).isNull();
        assertThat(beforeSending).isEmpty();
        assertThat(afterSending).extracting(Message::getSid).containsExactly(sent.sid());
        assertThat(twilio.messages().get(0).dateSent())
                .isEqualTo(Instant.parse("2026-03-02T10:00:03Z"));
    }

    private List<Message> sentAfter(Instant since) {
        List<Message> found = new java.util.ArrayList<>();
        Message.reader()
                .setTo(new com.twilio.type.PhoneNumber(CEO))
                .setDateSentAfter(since.atZone(java.time.ZoneOffset.UTC))
                .read(client)
                .forEach(found::add);
        return found;
    }

    @Test
    void messagesSinceListsSentAndQueuedMessagesByToAndFromAcrossPages() {
        sender.send("whatsapp:+919800000001", text("other recipient"));
        sender.send(CEO, text("early"));
        clock.advance(Duration.ofMinutes(10));
        Instant since = clock.instant();
        for (int i = 0; i < 60; i++) {
            sender.send(CEO, text("late " + i));
            clock.advance(Duration.ofSeconds(1));
            if (i == 29) {
                twilio.deliverQueued(); // the first thirty have left the queue
            }
        }

        List<ProviderMessage> found = sender.messagesSince(CEO, since);

        // Newest first by send date, across two pages; the messages still queued come last.
        assertThat(found).hasSize(60);
        assertThat(found.get(0).body()).isEqualTo("late 29");
        assertThat(found.get(0).status()).isEqualTo("delivered");
        assertThat(found.get(30).body()).isEqualTo("late 59");
        assertThat(found.get(59).body()).isEqualTo("late 30");
        assertThat(found.get(59).status()).isEqualTo("queued");
        assertThat(found).allMatch(m -> m.to().equals(CEO) && !m.dateCreated().isBefore(since));
        assertThat(twilio.requests().stream().filter(r -> r.method().equals("GET")).toList())
                .hasSize(2)
                .first()
                .satisfies(
                        r ->
                                assertThat(r.query())
                                        .containsEntry("To", List.of(CEO))
                                        .containsEntry("From", List.of(FakeTwilio.SANDBOX_FROM))
                                        .containsEntry("PageSize", List.of("50"))
                                        .doesNotContainKeys("DateSent", "DateSent>", "DateSent<"));
    }

    @Test
    void messagesSinceFindsQueuedMessagesListedAfterOlderSentOnes() {
        for (int i = 0; i < 60; i++) {
            sender.send(CEO, text("yesterday " + i));
        }
        twilio.deliverQueued();
        clock.advance(Duration.ofMinutes(10));
        Instant since = clock.instant();
        sender.send(CEO, text("queued 1"));
        clock.advance(Duration.ofSeconds(1));
        sender.send(CEO, text("queued 2"));

        List<ProviderMessage> found = sender.messagesSince(CEO, since);

        assertThat(found).extracting(ProviderMessage::body).containsExactly("queued 2", "queued 1");
        // The 60 sent messages come first: the queued ones are on the second page.
        assertThat(twilio.requests().stream().filter(r -> r.method().equals("GET"))).hasSize(2);
    }

    @Test
    void aTemplateIsRenderedAndBadVariablesFailAsynchronously() {
        String contentSid = "HX0123456789abcdef0123456789abcdef";
        twilio.registerContent(contentSid, "CRM Pulse {{1}}: {{2}}");
        Map<String, String> env = twilio.env(CEO);
        env.put("TWILIO_CONTENT_SID", contentSid);
        TwilioWhatsAppSender templates =
                new TwilioWhatsAppSender(TwilioSettings.fromEnv(env), client);

        templates.send(CEO, new WhatsAppContent("unused", Map.of("1", "3 alerts", "2", "a · b")));
        templates.send(CEO, new WhatsAppContent("unused", Map.of("1", "bad", "2", "line\nbreak")));
        twilio.deliverQueued();

        List<FakeMessage> messages = twilio.messages();
        assertThat(messages.get(0).renderedText()).isEqualTo("CRM Pulse 3 alerts: a · b");
        assertThat(messages.get(0).body()).isNull();
        assertThat(messages.get(0).status()).isEqualTo("delivered");
        assertThat(messages.get(1).status()).isEqualTo("failed");
        assertThat(messages.get(1).errorCode()).isEqualTo(63013);
    }

    @Test
    void duplicatesAreFoundByRecipientAndText() {
        sender.send(CEO, text("same"));
        clock.advance(Duration.ofMinutes(1));
        sender.send(CEO, text("same"));
        sender.send(CEO, text("different"));

        assertThat(twilio.duplicates(Duration.ofMinutes(5))).hasSize(1);
        assertThat(twilio.duplicates(Duration.ofSeconds(30))).isEmpty();

        twilio.reset();
        assertThat(twilio.messages()).isEmpty();
        assertThat(twilio.requests()).isEmpty();
    }

    @Test
    void theSdksOwnExceptionsSurfaceForUnknownMessages() {
        assertThatThrownBy(() -> Message.fetcher("SM" + "0".repeat(32)).fetch(client))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(20404));
    }

    private HttpResponse<String> post(String form, boolean auth) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                                URI.create(
                                        twilio.baseUrl()
                                                + "/2010-04-01/Accounts/"
                                                + FakeTwilio.ACCOUNT_SID
                                                + "/Messages.json"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form));
        if (auth) {
            request.header("Authorization", basic());
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (FakeTwilio.ACCOUNT_SID + ":" + FakeTwilio.AUTH_TOKEN)
                                        .getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
