package io.crmpulse.sinks.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A CRM record the job could not normalize: the row of {@code dead_letters}. The job goes on.
 *
 * <p>A Flink POJO. {@code id} is stable, {@code module:recordId}, or {@code module:sha256:<hex of
 * the payload>} when the record has no id, so that re-reading the same bad record upserts the same
 * row instead of adding one per poll. {@code payload} is the record as Zoho sent it and may hold
 * personal data: it goes to the table, never to a log ({@link #toString()} leaves it out).
 *
 * <p>A dead letter can always be written: {@link #of} replaces every character PostgreSQL text
 * cannot store (NUL, unpaired surrogates; {@link PostgresText}) in its id, record id, reason and
 * payload with U+FFFD, so the record that was refused for holding one does not fail the {@code
 * dead_letters} sink in turn.
 */
public class DeadLetter {

    private String id;
    private String module;
    private String recordId;
    private String reason;
    private String payload;
    private Instant receivedAt;

    /** For Flink's POJO serializer. */
    public DeadLetter() {}

    /**
     * @param recordId the Zoho id, or null when the record has none
     * @param reason what is wrong, without the payload
     * @param payload the record's JSON as received; may be null
     */
    public static DeadLetter of(
            String module, String recordId, String reason, String payload, Instant receivedAt) {
        DeadLetter letter = new DeadLetter();
        letter.setId(PostgresText.storable(keyOf(module, recordId, payload)));
        letter.setModule(PostgresText.storable(module));
        letter.setRecordId(PostgresText.storable(recordId));
        letter.setReason(PostgresText.storable(reason));
        letter.setPayload(PostgresText.storable(payload));
        letter.setReceivedAt(receivedAt);
        return letter;
    }

    /** The stable key of a dead letter; see the class comment. */
    public static String keyOf(String module, String recordId, String payload) {
        if (recordId != null && !recordId.isEmpty()) {
            return module + ":" + recordId;
        }
        return module + ":sha256:" + sha256Hex(payload == null ? "" : payload);
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getModule() {
        return module;
    }

    public void setModule(String module) {
        this.module = module;
    }

    public String getRecordId() {
        return recordId;
    }

    public void setRecordId(String recordId) {
        this.recordId = recordId;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    public void setReceivedAt(Instant receivedAt) {
        this.receivedAt = receivedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter that = (DeadLetter) o;
        return Objects.equals(id, that.id)
                && Objects.equals(module, that.module)
                && Objects.equals(recordId, that.recordId)
                && Objects.equals(reason, that.reason)
                && Objects.equals(payload, that.payload)
                && Objects.equals(receivedAt, that.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, module, recordId, reason, payload, receivedAt);
    }

    @Override
    public String toString() {
        // Never the payload: it holds the record's personal data.
        return "DeadLetter{" + id + " reason=" + reason + " @" + receivedAt + "}";
    }
}
