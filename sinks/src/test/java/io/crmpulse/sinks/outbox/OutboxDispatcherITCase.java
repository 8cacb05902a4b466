package io.crmpulse.sinks.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.common.retry.Backoff;
import io.crmpulse.sinks.testing.CapturedLogs;
import io.crmpulse.sinks.testing.MutableClock;
import io.crmpulse.sinks.testing.PostgresTestDatabase;
import io.crmpulse.sinks.twilio.FakeTwilio;
import io.crmpulse.sinks.twilio.FakeTwilio.DropMode;
import io.crmpulse.sinks.twilio.FakeTwilio.FakeMessage;
import io.crmpulse.sinks.twilio.FakeTwilio.ReceivedRequest;
import io.crmpulse.sinks.twilio.FakeTwilio.RecipientProfile;
import io.crmpulse.sinks.twilio.SendOutcome;
import io.crmpulse.sinks.twilio.TwilioSettings;
import io.crmpulse.sinks.twilio.TwilioWhatsAppSender;
import io.crmpulse.sinks.twilio.WhatsAppContent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outbox dispatcher against a real PostgreSQL (embedded, with the project's migrations) and the
 * fake Twilio through the real SDK: every failure mode of the Twilio research, each checked by the
 * rows, the texts and the number of POSTs.
 */
class OutboxDispatcherITCase {

    private static final String CEO = "whatsapp:+919876543210";
    private static final String SALES = "whatsapp:+919812345678";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Backoff BACKOFF =
            new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(20));

    private static PostgresTestDatabase postgres;

    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private final DeliveryPolicy policy = DeliveryPolicy.defaults().withBackoff(BACKOFF);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private FakeTwilio twilio;
    private Outbox outbox;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresTestDatabase.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void start() throws SQLException {
        postgres.truncateNotifications();
        twilio = FakeTwilio.builder().clock(clock).stall(Duration.ofSeconds(2)).start();
        outbox = Outbox.connect(postgres.database());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
        outbox.close();
        twilio.close();
    }

    // -- helpers --------------------------------------------------------------------------------

    private TwilioSettings settings(Map<String, String> env) {
        return TwilioSettings.fromEnv(env)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    private TwilioSettings settings() {
        return settings(twilio.env(CEO, SALES));
    }

    private TwilioWhatsAppSender sender(TwilioSettings settings) {
        TwilioWhatsAppSender sender = TwilioWhatsAppSender.create(settings);
        closing.add(sender);
        return sender;
    }

    private OutboxDispatcher dispatcher(DeliveryPolicy policy, @Nullable TwilioSettings settings)
            throws SQLException {
        Outbox own = Outbox.connect(postgres.database());
        closing.add(own);
        // Full jitter at its top: the backoff delays are known.
        return new OutboxDispatcher(
                own, settings == null ? null : sender(settings), policy, clock, LEASE, () -> 1.0);
    }

    private OutboxDispatcher dispatcher() throws SQLException {
        return dispatcher(policy, settings());
    }

    private void write(OutboxMessage message, String... recipients) throws SQLException {
        outbox.insert(Outbox.NewNotification.of(message, List.of(recipients), clock.instant()));
    }

    private OutboxMessage critical(String id, String body) {
        return OutboxMessage.alert(id, "critical", body, clock.instant());
    }

    private OutboxMessage warning(String id, String body) {
        return OutboxMessage.alert(id, "warning", body, clock.instant());
    }

    private NotificationRow row(String key) throws SQLException {
        return outbox.allRows().stream()
                .filter(r -> r.dedupKey().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private long messageListReads() {
        return twilio.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/Messages.json"))
                .count();
    }

    // -- tests ----------------------------------------------------------------------------------

    @Test
    void aRowIsSentExactlyOnceAndGetsItsSid() throws Exception {
        write(critical("big_deal_lost:D-1", "Big deal lost: Acme renewal, $120,000"), CEO);

        DispatchReport report = dispatcher().runOnce();
        clock.advance(Duration.ofHours(1));
        dispatcher().runOnce(); // a restarted dispatcher finds nothing to send

        assertThat(report.sent()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(1);
        FakeMessage message = twilio.messages().get(0);
        assertThat(message.to()).isEqualTo(CEO);
        assertThat(message.from()).isEqualTo(FakeTwilio.SANDBOX_FROM);
        assertThat(message.renderedText()).isEqualTo("Big deal lost: Acme renewal, $120,000");
        assertThat(message.sid()).matches("SM[0-9a-f]{32}");
        NotificationRow row = row("alert:big_deal_lost:D-1:" + CEO);
        assertThat(row.status()).isEqualTo(NotificationStatus.SENT);
        assertThat(row.providerId()).isEqualTo(message.sid());
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.sentAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        ReceivedRequest post = twilio.posts().get(0);
        assertThat(post.authenticated()).isTrue();
        assertThat(post.formValue("To")).isEqualTo(CEO);
        assertThat(post.formValue("From")).isEqualTo(FakeTwilio.SANDBOX_FROM);
    }

    @Test
    void aReplayedMessageWritesNoSecondRowAndSendsNothingAgain() throws Exception {
        OutboxMessage alert = critical("source_silent:Webinar", "Webinar went silent");
        write(alert, CEO, SALES);
        dispatcher().runOnce();

        write(alert, CEO, SALES);
        dispatcher().runOnce();

        assertThat(outbox.allRows()).hasSize(2);
        assertThat(twilio.postCount()).isEqualTo(2);
        assertThat(twilio.messagesTo(CEO)).hasSize(1);
        assertThat(twilio.messagesTo(SALES)).hasSize(1);
    }

    @Test
    void twoDispatchersOverTheSameTableNeverSendARowTwice() throws Exception {
        DeliveryPolicy roomy = policy.withDailyCap(1000);
        List<String> recipients = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            recipients.add("whatsapp:+9198000000" + (10 + r));
        }
        for (int i = 0; i < 8; i++) {
            write(critical("rule:" + i, "Critical number " + i), recipients.toArray(new String[0]));
        }
        TwilioSettings settings = settings(twilio.env(recipients.toArray(new String[0])));
        OutboxDispatcher first = dispatcher(roomy, settings);
        OutboxDispatcher second = dispatcher(roomy, settings);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (OutboxDispatcher dispatcher : List.of(first, second)) {
                work.add(
                        () -> {
                            int sent = 0;
                            for (int round = 0; round < 5; round++) {
                                sent += dispatcher.runOnce().sent();
                            }
                            return sent;
                        });
            }
            int sent = 0;
            for (Future<Integer> result : pool.invokeAll(work)) {
                sent += result.get();
            }
            assertThat(sent).isEqualTo(48);
        } finally {
            pool.shutdownNow();
        }

        assertThat(twilio.postCount()).isEqualTo(48);
        assertThat(twilio.duplicates(Duration.ofDays(1))).isEmpty();
        List<NotificationRow> rows = outbox.allRows();
        assertThat(rows).allMatch(r -> r.status() == NotificationStatus.SENT && r.attempts() == 1);
        assertThat(rows.stream().map(NotificationRow::providerId).collect(Collectors.toSet()))
                .hasSize(48);
    }

    @Test
    void twoServerErrorsThenSuccessSendOneMessage() throws Exception {
        twilio.failNextPosts(2, 503);
        write(critical("r:1", "Lead volume dropped 60%"), CEO);
        OutboxDispatcher dispatcher = dispatcher();

        DispatchReport first = dispatcher.runOnce();
        // A 503 is ambiguous: nothing is resent before Twilio's list has been checked.
        DispatchReport tooEarly = dispatcher.runOnce();
        NotificationRow afterFirst = row("alert:r:1:" + CEO);
        clock.advance(BACKOFF.cap());
        dispatcher.runOnce();
        clock.advance(BACKOFF.cap());
        dispatcher.runOnce();

        assertThat(first.unknown()).isEqualTo(1);
        assertThat(tooEarly.acted()).isFalse();
        assertThat(afterFirst.status()).isEqualTo(NotificationStatus.SENDING);
        assertThat(afterFirst.errorCode()).isEqualTo(20503);
        assertThat(twilio.postCount()).isEqualTo(3);
        assertThat(messageListReads()).isEqualTo(2);
        assertThat(twilio.messages()).hasSize(1);
        NotificationRow row = row("alert:r:1:" + CEO);
        assertThat(row.status()).isEqualTo(NotificationStatus.SENT);
        assertThat(row.providerId()).isEqualTo(twilio.messages().get(0).sid());
        assertThat(row.attempts()).isEqualTo(3);
        assertThat(row.errorCode()).isNull();
    }

    @Test
    void rateLimitedBacksOffThenSends() throws Exception {
        twilio.rateLimitNextPosts(1);
        write(critical("r:1", "Junk spike"), CEO);
        OutboxDispatcher dispatcher = dispatcher();

        DispatchReport first = dispatcher.runOnce();
        NotificationRow waiting = row("alert:r:1:" + CEO);
        DispatchReport early = dispatcher.runOnce();
        clock.advance(Duration.ofSeconds(2));
        DispatchReport due = dispatcher.runOnce();

        assertThat(first.retrying()).isEqualTo(1);
        assertThat(first.retryAt()).isEqualTo(Instant.parse("2026-03-02T10:00:02Z"));
        assertThat(waiting.status()).isEqualTo(NotificationStatus.PENDING);
        assertThat(waiting.errorCode()).isEqualTo(20429);
        assertThat(waiting.nextAttemptAt()).isEqualTo(Instant.parse("2026-03-02T10:00:02Z"));
        assertThat(early.acted()).isFalse();
        assertThat(due.sent()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(2);
        assertThat(messageListReads()).isZero(); // a 429 was never processed: no reconciliation
        assertThat(row("alert:r:1:" + CEO).status()).isEqualTo(NotificationStatus.SENT);
    }

    enum Refusal {
        INVALID_NUMBER(21211, "RECIPIENT_PHONE_NUMBER"),
        OPTED_OUT(21610, "START"),
        UNKNOWN_SENDER(63007, "TWILIO_FROM_NUMBER");

        final int code;
        final String advice;

        Refusal(int code, String advice) {
            this.code = code;
            this.advice = advice;
        }
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void aPermanentRefusalIsRecordedAndNeverRetried(Refusal refusal) throws Exception {
        Map<String, String> env = twilio.env(CEO);
        switch (refusal) {
            case INVALID_NUMBER:
                twilio.profile(CEO, RecipientProfile.INVALID_NUMBER);
                break;
            case OPTED_OUT:
                twilio.profile(CEO, RecipientProfile.OPTED_OUT);
                break;
            default:
                env.put("TWILIO_FROM_NUMBER", "whatsapp:+14155550000");
        }
        write(critical("r:1", "Big deal lost"), CEO);
        OutboxDispatcher dispatcher = dispatcher(policy, settings(env));

        DispatchReport report = dispatcher.runOnce();
        clock.advance(Duration.ofHours(2));
        dispatcher.runOnce();

        assertThat(report.failed()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(1);
        assertThat(twilio.messages()).isEmpty();
        NotificationRow row = row("alert:r:1:" + CEO);
        assertThat(row.status()).isEqualTo(NotificationStatus.FAILED);
        assertThat(row.errorCode()).isEqualTo(refusal.code);
        assertThat(row.lastError()).contains(String.valueOf(refusal.code)).contains(refusal.advice);
        assertThat(row.providerId()).isNull();
    }

    @ParameterizedTest
    @EnumSource(DropMode.class)
    void acceptedThenDroppedIsReconciledNotResent(DropMode mode) throws Exception {
        twilio.acceptThenDropNextPosts(1, mode);
        write(critical("r:1", "Source went silent"), CEO);
        OutboxDispatcher dispatcher = dispatcher();

        DispatchReport first = dispatcher.runOnce();
        clock.advance(BACKOFF.cap());
        DispatchReport second = dispatcher.runOnce();

        assertThat(first.unknown()).isEqualTo(1);
        assertThat(second.reconciled()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(1);
        assertThat(twilio.messages()).hasSize(1);
        NotificationRow row = row("alert:r:1:" + CEO);
        assertThat(row.status()).isEqualTo(NotificationStatus.SENT);
        assertThat(row.providerId()).isEqualTo(twilio.messages().get(0).sid());
        assertThat(row.attempts()).isEqualTo(1);
    }

    @Test
    void aServerErrorAfterCreatingIsReconciledNotResent() throws Exception {
        twilio.serverErrorAfterCreateNextPosts(1);
        write(warning("r:1", "Junk rate 45% on Google Ads"), CEO, SALES);
        OutboxDispatcher dispatcher = dispatcher();
        clock.advance(Duration.ofSeconds(5));

        dispatcher.runOnce();
        clock.advance(BACKOFF.cap());
        DispatchReport second = dispatcher.runOnce();

        assertThat(second.reconciled()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(2);
        assertThat(twilio.messagesTo(CEO)).hasSize(1);
        assertThat(twilio.messagesTo(SALES)).hasSize(1);
        assertThat(row("alert:r:1:" + CEO).providerId())
                .isEqualTo(twilio.messagesTo(CEO).get(0).sid());
        assertThat(row("alert:r:1:" + SALES).providerId())
                .isEqualTo(twilio.messagesTo(SALES).get(0).sid());
    }

    @Test
    void aCrashAfterThePostIsReconciledByAFreshDispatcherWithoutADuplicate() throws Exception {
        write(critical("r:1", "Big deal lost"), CEO);
        String key = "alert:r:1:" + CEO;
        // The crashed dispatcher claimed the row, and its POST reached Twilio; then it died.
        List<NotificationRow> claimed =
                outbox.claim(
                        List.of(key),
                        "crashed-attempt",
                        clock.instant(),
                        clock.instant().plus(LEASE));
        SendOutcome sent = sender(settings()).send(CEO, MessageComposer.compose(claimed));
        clock.advance(Duration.ofSeconds(10));
        twilio.deliverQueued();

        OutboxDispatcher fresh = dispatcher();
        DispatchReport beforeLease = fresh.runOnce();
        clock.advance(LEASE);
        DispatchReport afterLease = fresh.runOnce();

        assertThat(sent.disposition()).isEqualTo(SendOutcome.Disposition.ACCEPTED);
        assertThat(beforeLease.acted()).isFalse();
        assertThat(afterLease.reconciled()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(1);
        assertThat(twilio.messages()).hasSize(1);
        assertThat(row(key).status()).isEqualTo(NotificationStatus.SENT);
        assertThat(row(key).providerId()).isEqualTo(sent.sid());
    }

    @Test
    void aMessageStillQueuedAtTwilioAfterACrashIsReconciledNotSentAgain() throws Exception {
        write(critical("r:1", "Big deal lost"), CEO);
        String key = "alert:r:1:" + CEO;
        // Twilio accepted the POST (queued, no date_sent yet); then the dispatcher died.
        List<NotificationRow> claimed =
                outbox.claim(
                        List.of(key),
                        "crashed-attempt",
                        clock.instant(),
                        clock.instant().plus(LEASE));
        SendOutcome sent = sender(settings()).send(CEO, MessageComposer.compose(claimed));
        clock.advance(LEASE);

        DispatchReport report = dispatcher().runOnce();

        FakeMessage queued = twilio.messages().get(0);
        assertThat(queued.status()).isEqualTo("queued");
        assertThat(queued.dateSent()).isNull();
        assertThat(report.reconciled()).isEqualTo(1);
        assertThat(report.sent()).isZero();
        assertThat(twilio.postCount()).isEqualTo(1);
        assertThat(row(key).status()).isEqualTo(NotificationStatus.SENT);
        assertThat(row(key).providerId()).isEqualTo(sent.sid());
    }

    @Test
    void aCrashBeforeThePostIsReconciledThenSentOnce() throws Exception {
        write(critical("r:1", "Big deal lost"), CEO);
        String key = "alert:r:1:" + CEO;
        outbox.claim(List.of(key), "crashed-attempt", clock.instant(), clock.instant().plus(LEASE));
        clock.advance(LEASE);

        DispatchReport report = dispatcher().runOnce();

        assertThat(report.resent()).isEqualTo(1);
        assertThat(report.sent()).isEqualTo(1);
        assertThat(messageListReads()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(1);
        assertThat(row(key).status()).isEqualTo(NotificationStatus.SENT);
        assertThat(row(key).attempts()).isEqualTo(2);
    }

    @Test
    void aReconciliationThatCannotReadTwilioWaitsAndTriesAgain() throws Exception {
        twilio.serverErrorAfterCreateNextPosts(1).failNextReads(1);
        write(critical("r:1", "Big deal lost"), CEO);
        OutboxDispatcher dispatcher = dispatcher();

        dispatcher.runOnce();
        clock.advance(BACKOFF.cap());
        DispatchReport unreadable = dispatcher.runOnce();
        clock.advance(BACKOFF.cap());
        DispatchReport readable = dispatcher.runOnce();

        assertThat(unreadable.unknown()).isEqualTo(1);
        assertThat(readable.reconciled()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(1);
        assertThat(row("alert:r:1:" + CEO).status()).isEqualTo(NotificationStatus.SENT);
    }

    @Test
    void aTwilioOutageKeepsRowsPendingAndLosesNothing() throws Exception {
        FakeTwilio gone = FakeTwilio.builder().clock(clock).start();
        Map<String, String> env = gone.env(CEO);
        gone.close(); // nothing listens there any more: connection refused
        write(critical("r:1", "Big deal lost"), CEO);
        OutboxDispatcher dispatcher = dispatcher(policy, settings(env));

        DispatchReport first = dispatcher.runOnce();
        clock.advance(BACKOFF.cap());
        DispatchReport second = dispatcher.runOnce();

        assertThat(first.retrying()).isEqualTo(1);
        assertThat(second.retrying()).isEqualTo(1);
        NotificationRow row = row("alert:r:1:" + CEO);
        assertThat(row.status()).isEqualTo(NotificationStatus.PENDING);
        assertThat(row.attempts()).isEqualTo(2);
        assertThat(row.lastError()).contains("Cannot connect to the Twilio API");
        assertThat(row.nextAttemptAt()).isAfter(clock.instant());
    }

    @Test
    void dryRunMarksRowsDryRunLogsTheMessageAndMakesNoHttpCall() throws Exception {
        write(critical("r:1", "Big deal lost: Acme"), CEO, SALES);

        DispatchReport report;
        List<String> logs;
        try (CapturedLogs captured = new CapturedLogs(OutboxDispatcher.class)) {
            report = dispatcher(policy, null).runOnce();
            logs = captured.lines();
        }

        assertThat(report.dryRun()).isEqualTo(2);
        assertThat(outbox.allRows())
                .allSatisfy(
                        r -> {
                            assertThat(r.status()).isEqualTo(NotificationStatus.DRY_RUN);
                            assertThat(r.providerId()).isNull();
                            assertThat(r.sentAt()).isEqualTo(clock.instant());
                        });
        assertThat(twilio.requests()).isEmpty();
        assertThat(logs)
                .filteredOn(line -> line.startsWith("INFO WhatsApp dry run"))
                .hasSize(2)
                .allMatch(line -> line.contains("Big deal lost: Acme"));
        assertThat(String.join("\n", logs)).doesNotContain(FakeTwilio.AUTH_TOKEN);
    }

    @Test
    void threeWarningsWithinTheGroupWaitGoOutAsOneMessage() throws Exception {
        OutboxDispatcher dispatcher = dispatcher();
        write(warning("junk_spike:Google", "Junk spike on Google Ads"), CEO);
        dispatcher.runOnce();
        clock.advance(Duration.ofSeconds(2));
        write(warning("source_silent:Webinar", "Webinar went silent"), CEO);
        clock.advance(Duration.ofSeconds(2));
        write(warning("volume_drop:total", "Lead volume dropped"), CEO);
        DispatchReport waiting = dispatcher.runOnce();
        clock.advance(Duration.ofSeconds(1));
        DispatchReport due = dispatcher.runOnce();

        assertThat(waiting.acted()).isFalse();
        assertThat(waiting.wakeAt()).isEqualTo(Instant.parse("2026-03-02T10:00:05Z"));
        assertThat(due.sent()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(1);
        assertThat(twilio.messages().get(0).renderedText())
                .isEqualTo(
                        "CRM Pulse: 3 alerts\n\n• Junk spike on Google Ads\n\n• Webinar went"
                                + " silent\n\n• Lead volume dropped");
        assertThat(outbox.allRows())
                .extracting(NotificationRow::providerId)
                .containsOnly(twilio.messages().get(0).sid());

        // Within the group interval after that message, new warnings wait for its end, together.
        clock.advance(Duration.ofMinutes(1));
        write(warning("junk_spike:Facebook", "Junk spike on Facebook"), CEO);
        clock.advance(Duration.ofMinutes(2));
        write(warning("source_silent:Referral", "Referral went silent"), CEO);
        DispatchReport held = dispatcher.runOnce();
        clock.set(Instant.parse("2026-03-02T10:05:05Z"));
        dispatcher.runOnce();

        assertThat(held.wakeAt()).isEqualTo(Instant.parse("2026-03-02T10:05:05Z"));
        assertThat(twilio.postCount()).isEqualTo(2);
        assertThat(twilio.messages().get(1).renderedText())
                .isEqualTo(
                        "CRM Pulse: 2 alerts\n\n• Junk spike on Facebook\n\n• Referral went silent");
    }

    @Test
    void aCriticalAlertBypassesAHeldGroup() throws Exception {
        OutboxDispatcher dispatcher = dispatcher();
        write(warning("w:1", "First warning"), CEO);
        clock.advance(Duration.ofSeconds(5));
        dispatcher.runOnce();
        clock.advance(Duration.ofSeconds(30));
        write(warning("w:2", "Second warning"), CEO);
        write(critical("big_deal_lost:D-9", "Big deal lost: Globex, $300,000"), CEO);

        DispatchReport report = dispatcher.runOnce();

        assertThat(report.sent()).isEqualTo(1);
        assertThat(twilio.messages())
                .extracting(FakeMessage::renderedText)
                .containsExactly("First warning", "Big deal lost: Globex, $300,000");
        assertThat(row("alert:w:2:" + CEO).status()).isEqualTo(NotificationStatus.PENDING);
    }

    @Test
    void theEleventhAlertMessageOfTheDayIsCapped() throws Exception {
        for (int i = 1; i <= 11; i++) {
            write(critical("big_deal_lost:D-" + i, "Big deal lost #" + i), CEO);
            clock.advance(Duration.ofSeconds(1));
        }

        DispatchReport report = dispatcher().runOnce();

        assertThat(report.sent()).isEqualTo(10);
        assertThat(report.cappedRows()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(10);
        NotificationRow eleventh = row("alert:big_deal_lost:D-11:" + CEO);
        assertThat(eleventh.status()).isEqualTo(NotificationStatus.CAPPED);
        assertThat(eleventh.lastError()).contains("daily cap of 10");
        assertThat(eleventh.providerId()).isNull();

        // The next local day has a fresh allowance.
        clock.set(Instant.parse("2026-03-03T00:00:01Z"));
        write(critical("big_deal_lost:D-12", "Big deal lost #12"), CEO);
        dispatcher().runOnce();
        assertThat(twilio.postCount()).isEqualTo(11);
    }

    @Test
    void templateModeSendsContentSidAndVariablesWithoutBody() throws Exception {
        String contentSid = "HX0123456789abcdef0123456789abcdef";
        twilio.registerContent(contentSid, "CRM Pulse {{1}}: {{2}}");
        Map<String, String> env = twilio.env(CEO);
        env.put("TWILIO_CONTENT_SID", contentSid);
        write(critical("big_deal_lost:D-1", "Big deal lost:\nAcme renewal, $120,000"), CEO);

        dispatcher(policy, settings(env)).runOnce();
        twilio.deliverQueued();

        ReceivedRequest post = twilio.posts().get(0);
        assertThat(post.form()).containsKeys("To", "From", "ContentSid", "ContentVariables");
        assertThat(post.form()).doesNotContainKey("Body");
        assertThat(post.formValue("ContentSid")).isEqualTo(contentSid);
        assertThat(post.formValue("ContentVariables"))
                .isEqualTo(
                        "{\"1\":\"critical alert\",\"2\":\"Big deal lost: · Acme renewal, $120,000\"}");
        FakeMessage message = twilio.messages().get(0);
        assertThat(message.renderedText())
                .isEqualTo("CRM Pulse critical alert: Big deal lost: · Acme renewal, $120,000");
        assertThat(message.status()).isEqualTo("delivered");
        assertThat(row("alert:big_deal_lost:D-1:" + CEO).providerId()).isEqualTo(message.sid());
    }

    private TwilioSettings templateSettings() {
        String contentSid = "HX0123456789abcdef0123456789abcdef";
        twilio.registerContent(contentSid, "CRM Pulse {{1}}: {{2}}");
        Map<String, String> env = twilio.env(CEO);
        env.put("TWILIO_CONTENT_SID", contentSid);
        return settings(env);
    }

    @Test
    void inTemplateModeAnotherMessageToTheRecipientIsNoMatchAndTheRowIsSent() throws Exception {
        TwilioSettings templates = templateSettings();
        write(critical("r:1", "Big deal lost: Acme renewal"), CEO);
        String key = "alert:r:1:" + CEO;
        // A message to the CEO that no row records (sent by another tool, or by hand), then a
        // crash before this row's POST.
        SendOutcome other =
                sender(templates)
                        .send(
                                CEO,
                                new WhatsAppContent(
                                        "", Map.of("1", "warning alert", "2", "Webinar silent")));
        twilio.deliverQueued();
        outbox.claim(List.of(key), "crashed-attempt", clock.instant(), clock.instant().plus(LEASE));
        clock.advance(LEASE);

        DispatchReport report = dispatcher(policy, templates).runOnce();

        assertThat(report.reconciled()).isZero();
        assertThat(report.resent()).isEqualTo(1);
        assertThat(report.sent()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(2);
        FakeMessage mine = twilio.messages().get(1);
        assertThat(mine.renderedText())
                .isEqualTo("CRM Pulse critical alert: Big deal lost: Acme renewal");
        assertThat(row(key).providerId()).isEqualTo(mine.sid()).isNotEqualTo(other.sid());
    }

    @Test
    void inTemplateModeAQueuedMessageWithTheRowsRenderedTextIsAMatch() throws Exception {
        TwilioSettings templates = templateSettings();
        write(critical("r:1", "Big deal lost: Acme renewal"), CEO);
        String key = "alert:r:1:" + CEO;
        sender(templates)
                .send(
                        CEO,
                        new WhatsAppContent(
                                "", Map.of("1", "warning alert", "2", "Webinar silent")));
        twilio.deliverQueued();
        clock.advance(Duration.ofSeconds(5));
        List<NotificationRow> claimed =
                outbox.claim(
                        List.of(key),
                        "crashed-attempt",
                        clock.instant(),
                        clock.instant().plus(LEASE));
        SendOutcome sent = sender(templates).send(CEO, MessageComposer.compose(claimed));
        clock.advance(LEASE);

        DispatchReport report = dispatcher(policy, templates).runOnce();

        assertThat(twilio.messages().get(1).status()).isEqualTo("queued");
        assertThat(report.reconciled()).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(2);
        assertThat(row(key).status()).isEqualTo(NotificationStatus.SENT);
        assertThat(row(key).providerId()).isEqualTo(sent.sid());
    }

    @Test
    void aSummaryIsSentAloneEvenWithAlertsPendingAndTheCapReached() throws Exception {
        for (int i = 1; i <= 10; i++) {
            write(critical("c:" + i, "Critical " + i), CEO);
        }
        dispatcher().runOnce();
        write(warning("w:1", "A warning"), CEO);
        write(
                OutboxMessage.summary(
                        java.time.LocalDate.of(2026, 3, 2), "Today: 42 leads", clock.instant()),
                CEO);

        DispatchReport report = dispatcher().runOnce();

        assertThat(report.sent()).isEqualTo(1);
        assertThat(twilio.messages().get(10).renderedText()).isEqualTo("Today: 42 leads");
        assertThat(row("summary:2026-03-02:" + CEO).status()).isEqualTo(NotificationStatus.SENT);
        assertThat(row("alert:w:1:" + CEO).status()).isEqualTo(NotificationStatus.PENDING);
    }

    @Test
    void theSchemaGuardsItsValuesTouchesUpdatedAtAndHidesRecipientsFromPulseReader()
            throws Exception {
        write(critical("r:1", "Big deal lost"), CEO);
        try (Connection c = postgres.connect();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE notifications SET status = 'submitted'"))
                    .hasMessageContaining("notifications_status");
            assertThatThrownBy(
                            () ->
                                    s.execute(
                                            "INSERT INTO notifications (dedup_key, kind, ref,"
                                                    + " recipient, severity, body,"
                                                    + " next_attempt_at) VALUES ('k', 'summary',"
                                                    + " '2026-03-02', 'whatsapp:+919876543210',"
                                                    + " 'warning', 'x', now())"))
                    .hasMessageContaining("notifications_severity");
            assertThatThrownBy(
                            () ->
                                    s.execute(
                                            "INSERT INTO notifications (dedup_key, kind, ref,"
                                                    + " recipient, body, next_attempt_at) VALUES"
                                                    + " ('k', 'summary', '2026-03-02',"
                                                    + " '+919876543210', 'x', now())"))
                    .hasMessageContaining("notifications_recipient");
            s.execute("UPDATE notifications SET updated_at = '2000-01-01'");
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT updated_at > now() - interval '1 minute',"
                                    + " has_table_privilege('pulse_reader', 'notifications',"
                                    + " 'SELECT'),"
                                    + " has_table_privilege('pulse_reader', 'v_notifications',"
                                    + " 'SELECT'),"
                                    + " has_table_privilege('pulse_reader', 'notifications',"
                                    + " 'UPDATE') FROM notifications")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
                // the recipients and texts stay in the table; the dashboards' view has neither
                assertThat(rs.getBoolean(2)).isFalse();
                assertThat(rs.getBoolean(3)).isTrue();
                assertThat(rs.getBoolean(4)).isFalse();
            }
        }
    }
}
