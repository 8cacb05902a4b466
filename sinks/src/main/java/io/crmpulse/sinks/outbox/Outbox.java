package io.crmpulse.sinks.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * The {@code notifications} table over one JDBC connection: the outbox of WhatsApp messages.
 *
 * <p>Rows are inserted before anything is sent ({@code ON CONFLICT (dedup_key) DO NOTHING}, so a
 * replay changes nothing). A dispatcher works on one recipient at a time under a session advisory
 * lock on that recipient ({@link #tryLockRecipient}), so two dispatchers (a failover overlap) never
 * decide for the same recipient at once, and a crashed dispatcher's lock goes with its connection.
 * Rows are claimed ({@code sending}, attempts + 1, committed before the POST) with {@code SELECT
 * ... FOR UPDATE SKIP LOCKED}; every later change names the claim's {@code message_id} and applies
 * only to rows still {@code sending} under it.
 *
 * <p>Not thread-safe: one owner per instance (each dispatcher and each writer has its own).
 */
public final class Outbox implements AutoCloseable {

    /** The first key of the recipient advisory locks: "PULS". */
    private static final int LOCK_CLASS = 0x50554C53;

    private static final String COLUMNS =
            "dedup_key, kind, ref, recipient, severity, body, status, message_id, provider_id,"
                    + " attempts, error_code, last_error, next_attempt_at, last_attempt_at,"
                    + " created_at, sent_at";

    /** Statuses in which a message reached (or, dry run, would have reached) the recipient. */
    private static final String DELIVERED_STATUSES =
            "('sent', 'delivered', 'read', 'undelivered', 'dry_run')";

    private final Connection connection;

    /**
     * @param connection in auto-commit mode; owned and closed by this outbox
     */
    public Outbox(Connection connection) throws SQLException {
        this.connection = Objects.requireNonNull(connection, "connection");
        connection.setAutoCommit(true);
    }

    public static Outbox connect(OutboxDatabase database) throws SQLException {
        return new Outbox(database.connect());
    }

    /** A row to insert. */
    public record NewNotification(
            String dedupKey,
            NotificationKind kind,
            String ref,
            String recipient,
            @Nullable Severity severity,
            String body,
            Instant createdAt) {

        /**
         * The rows of {@code message}, one per recipient. Its {@code createdAt} is when the row
         * became pending, unless missing or later than {@code now}.
         *
         * @throws IllegalArgumentException if the message breaks its contract (unknown kind or
         *     severity, no ref, no body)
         */
        public static List<NewNotification> of(
                OutboxMessage message, List<String> recipients, Instant now) {
            NotificationKind kind = NotificationKind.parse(message.getKind());
            String ref = message.getRef();
            if (ref == null || ref.isBlank()) {
                throw new IllegalArgumentException(
                        message + " has no ref (the alert id or the summary day)");
            }
            String body = message.getBody();
            if (body == null || body.isBlank()) {
                throw new IllegalArgumentException(message + " has no body");
            }
            Severity severity =
                    kind == NotificationKind.ALERT ? Severity.parse(message.getSeverity()) : null;
            Instant createdAt =
                    message.getCreatedAt() == null || message.getCreatedAt().isAfter(now)
                            ? now
                            : message.getCreatedAt();
            List<NewNotification> rows = new ArrayList<>();
            for (String recipient : recipients) {
                String key =
                        kind == NotificationKind.ALERT
                                ? NotificationRow.alertKey(ref, recipient)
                                : NotificationRow.summaryKey(ref, recipient);
                rows.add(new NewNotification(key, kind, ref, recipient, severity, body, createdAt));
            }
            return rows;
        }
    }

    /**
     * Inserts the rows that do not exist yet, in one transaction.
     *
     * @return how many were new
     */
    public int insert(Collection<NewNotification> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        String sql =
                "INSERT INTO notifications (dedup_key, kind, ref, channel, recipient, severity,"
                        + " body, status, attempts, next_attempt_at, created_at)"
                        + " VALUES (?, ?, ?, 'whatsapp', ?, ?, ?, 'pending', 0, ?, ?)"
                        + " ON CONFLICT (dedup_key) DO NOTHING";
        return inTransaction(
                () -> {
                    int inserted = 0;
                    try (PreparedStatement insert = connection.prepareStatement(sql)) {
                        for (NewNotification row : rows) {
                            insert.setString(1, row.dedupKey());
                            insert.setString(2, row.kind().sqlName());
                            insert.setString(3, row.ref());
                            insert.setString(4, row.recipient());
                            insert.setString(
                                    5, row.severity() == null ? null : row.severity().sqlName());
                            insert.setString(6, row.body());
                            insert.setObject(7, utc(row.createdAt()));
                            insert.setObject(8, utc(row.createdAt()));
                            insert.addBatch();
                        }
                        for (int count : insert.executeBatch()) {
                            inserted += Math.max(count, 0);
                        }
                    }
                    return inserted;
                });
    }

    /** How many rows, of every recipient, are pending or being sent. */
    public long openRowCount() throws SQLException {
        try (PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT count(*) FROM notifications"
                                        + " WHERE status IN ('pending', 'sending')");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Recipients that have pending or sending rows. */
    public List<String> recipientsWithOpenRows() throws SQLException {
        List<String> recipients = new ArrayList<>();
        try (PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT DISTINCT recipient FROM notifications"
                                        + " WHERE status IN ('pending', 'sending') ORDER BY 1");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                recipients.add(rs.getString(1));
            }
        }
        return recipients;
    }

    /**
     * Takes the session lock on {@code recipient} if no other session holds it. Held until {@link
     * #unlockRecipient} or until this connection ends (a crash included).
     */
    public boolean tryLockRecipient(String recipient) throws SQLException {
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setString(2, recipient);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public void unlockRecipient(String recipient) throws SQLException {
        try (PreparedStatement unlock =
                connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
            unlock.setInt(1, LOCK_CLASS);
            unlock.setString(2, recipient);
            unlock.executeQuery().close();
        }
    }

    /** The recipient's pending and sending rows, oldest first. */
    public List<NotificationRow> openRows(String recipient) throws SQLException {
        return query(
                "SELECT "
                        + COLUMNS
                        + " FROM notifications WHERE recipient = ?"
                        + " AND status IN ('pending', 'sending') ORDER BY created_at, dedup_key",
                recipient);
    }

    /** The rows of one message (those that share {@code message_id}). */
    public List<NotificationRow> messageRows(String messageId) throws SQLException {
        return query(
                "SELECT "
                        + COLUMNS
                        + " FROM notifications WHERE message_id = ? ORDER BY created_at, dedup_key",
                messageId);
    }

    /** Every row, by key; for tests and tools. */
    public List<NotificationRow> allRows() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM notifications ORDER BY created_at, dedup_key");
    }

    /** When the last grouped (warning or info) alert message went to {@code recipient}, or null. */
    @Nullable
    public Instant lastGroupedAlertMessageAt(String recipient) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement(
                        "SELECT max(sent_at) FROM notifications WHERE recipient = ?"
                                + " AND kind = 'alert' AND severity <> 'critical'"
                                + " AND status IN "
                                + DELIVERED_STATUSES)) {
            query.setString(1, recipient);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                OffsetDateTime last = rs.getObject(1, OffsetDateTime.class);
                return last == null ? null : last.toInstant();
            }
        }
    }

    /** Alert messages (not rows: a grouped message counts once) sent in {@code [from, to)}. */
    public int alertMessagesBetween(String recipient, Instant from, Instant to)
            throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement(
                        "SELECT count(DISTINCT coalesce(message_id, dedup_key)) FROM notifications"
                                + " WHERE recipient = ? AND kind = 'alert' AND status IN "
                                + DELIVERED_STATUSES
                                + " AND sent_at >= ? AND sent_at < ?")) {
            query.setString(1, recipient);
            query.setObject(2, utc(from));
            query.setObject(3, utc(to));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Claims pending rows for one message: marks them {@code sending} under {@code messageId} with
     * attempts + 1 and commits, before anything is sent. Rows another session holds, or that are no
     * longer pending, are skipped.
     *
     * @param reconcileAt when the attempt, if still unfinished, counts as lost
     * @return the claimed rows
     */
    public List<NotificationRow> claim(
            Collection<String> keys, String messageId, Instant now, Instant reconcileAt)
            throws SQLException {
        return inTransaction(
                () -> {
                    List<String> locked = new ArrayList<>();
                    try (PreparedStatement lock =
                            connection.prepareStatement(
                                    "SELECT dedup_key FROM notifications WHERE dedup_key = ANY(?)"
                                            + " AND status = 'pending' FOR UPDATE SKIP LOCKED")) {
                        lock.setArray(1, textArray(keys));
                        try (ResultSet rs = lock.executeQuery()) {
                            while (rs.next()) {
                                locked.add(rs.getString(1));
                            }
                        }
                    }
                    if (locked.isEmpty()) {
                        return List.of();
                    }
                    try (PreparedStatement update =
                            connection.prepareStatement(
                                    "UPDATE notifications SET status = 'sending', attempts ="
                                            + " attempts + 1, message_id = ?, last_attempt_at = ?,"
                                            + " next_attempt_at = ? WHERE dedup_key = ANY(?)")) {
                        update.setString(1, messageId);
                        update.setObject(2, utc(now));
                        update.setObject(3, utc(reconcileAt));
                        update.setArray(4, textArray(locked));
                        update.executeUpdate();
                    }
                    return query(
                            "SELECT "
                                    + COLUMNS
                                    + " FROM notifications WHERE message_id = ?"
                                    + " AND status = 'sending' ORDER BY created_at, dedup_key",
                            messageId);
                });
    }

    /** Twilio accepted the message: its SID on every row of it. */
    public int markSent(String messageId, String providerId, Instant sentAt) throws SQLException {
        return update(
                "UPDATE notifications SET status = 'sent', provider_id = ?, sent_at = ?,"
                        + " error_code = NULL, last_error = NULL"
                        + " WHERE message_id = ? AND status = 'sending'",
                providerId,
                utc(sentAt),
                messageId);
    }

    /** Dry-run mode: the message was logged instead of sent. */
    public int markDryRun(String messageId, Instant at) throws SQLException {
        return update(
                "UPDATE notifications SET status = 'dry_run', sent_at = ?"
                        + " WHERE message_id = ? AND status = 'sending'",
                utc(at),
                messageId);
    }

    /** Refused for good: never retried. */
    public int markFailed(String messageId, @Nullable Integer errorCode, String error)
            throws SQLException {
        return update(
                "UPDATE notifications SET status = 'failed', error_code = ?, last_error = ?"
                        + " WHERE message_id = ? AND status = 'sending'",
                errorCode,
                error,
                messageId);
    }

    /**
     * Not sent (a transient error, or reconciliation found nothing): pending again from {@code
     * nextAttemptAt}, and free to be grouped anew.
     */
    public int markRetry(
            String messageId, Instant nextAttemptAt, @Nullable Integer errorCode, String error)
            throws SQLException {
        return update(
                "UPDATE notifications SET status = 'pending', message_id = NULL,"
                        + " next_attempt_at = ?, error_code = ?, last_error = ?"
                        + " WHERE message_id = ? AND status = 'sending'",
                utc(nextAttemptAt),
                errorCode,
                error,
                messageId);
    }

    /** The outcome is unknown: stays {@code sending}, reconciled from {@code reconcileAt}. */
    public int markUnknown(
            String messageId, Instant reconcileAt, @Nullable Integer errorCode, String error)
            throws SQLException {
        return update(
                "UPDATE notifications SET next_attempt_at = ?, error_code = ?, last_error = ?"
                        + " WHERE message_id = ? AND status = 'sending'",
                utc(reconcileAt),
                errorCode,
                error,
                messageId);
    }

    /** Over the daily cap: not sent; the daily summary reports them. */
    public int markCapped(Collection<String> keys, String reason) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        return update(
                "UPDATE notifications SET status = 'capped', last_error = ?"
                        + " WHERE dedup_key = ANY(?) AND status = 'pending'",
                reason,
                textArray(keys));
    }

    /** Which of {@code providerIds} some row other than those of {@code messageId} records. */
    public Set<String> providerIdsRecordedElsewhere(
            Collection<String> providerIds, String messageId) throws SQLException {
        Set<String> recorded = new HashSet<>();
        if (providerIds.isEmpty()) {
            return recorded;
        }
        try (PreparedStatement query =
                connection.prepareStatement(
                        "SELECT DISTINCT provider_id FROM notifications WHERE provider_id = ANY(?)"
                                + " AND message_id IS DISTINCT FROM ?")) {
            query.setArray(1, textArray(providerIds));
            query.setString(2, messageId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    recorded.add(rs.getString(1));
                }
            }
        }
        return recorded;
    }

    /** True if the connection still works; for a dispatcher deciding to reconnect. */
    public boolean isValid() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private List<NotificationRow> query(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            bind(query, parameters);
            List<NotificationRow> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            bind(update, parameters);
            return update.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters)
            throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else if (value instanceof Integer) {
                statement.setInt(i + 1, (Integer) value);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private Array textArray(Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }

    private static NotificationRow row(ResultSet rs) throws SQLException {
        String severity = rs.getString("severity");
        int errorCode = rs.getInt("error_code");
        boolean noErrorCode = rs.wasNull();
        return new NotificationRow(
                rs.getString("dedup_key"),
                NotificationKind.parse(rs.getString("kind")),
                rs.getString("ref"),
                rs.getString("recipient"),
                severity == null ? null : Severity.parse(severity),
                rs.getString("body"),
                NotificationStatus.parse(rs.getString("status")),
                rs.getString("message_id"),
                rs.getString("provider_id"),
                rs.getInt("attempts"),
                noErrorCode ? null : errorCode,
                rs.getString("last_error"),
                instant(rs, "next_attempt_at"),
                instant(rs, "last_attempt_at"),
                instant(rs, "created_at"),
                instant(rs, "sent_at"));
    }

    @Nullable
    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // The connection is broken; the caller reconnects.
            }
        }
    }
}
