package io.crmpulse.zoho.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One change of one CRM record, as the source emits it.
 *
 * <p>A Flink POJO: the fields are kept as the record's JSON object text, exactly as Zoho returned
 * it, so that normalizing (and rejecting malformed records to {@code dead_letters}) happens
 * downstream where the job's configuration lives. {@code modifiedTime} is the record's {@code
 * Modified_Time} for an upsert and its {@code deleted_time} for a delete; the source uses it as the
 * event timestamp.
 */
public class RecordChange implements Serializable {

    private static final long serialVersionUID = 1L;

    private String module;
    private String id;
    private Instant modifiedTime;
    private ChangeOp op;
    private String fieldsJson;
    private String problem;
    private long contentHash;
    private boolean replay;
    private String origin;

    /** For Flink's POJO serializer. */
    public RecordChange() {}

    public RecordChange(
            String module, String id, Instant modifiedTime, ChangeOp op, String fieldsJson) {
        this.module = module;
        this.id = id;
        this.modifiedTime = modifiedTime;
        this.op = op;
        this.fieldsJson = fieldsJson;
        this.contentHash = fieldsJson == null ? ContentHash.NONE : ContentHash.of(fieldsJson);
    }

    public static RecordChange upsert(
            String module, String id, Instant modifiedTime, String fieldsJson) {
        return new RecordChange(module, id, modifiedTime, ChangeOp.UPSERT, fieldsJson);
    }

    public static RecordChange delete(String module, String id, Instant deletedTime) {
        return new RecordChange(module, id, deletedTime, ChangeOp.DELETE, null);
    }

    /** An item Zoho sent that cannot be read; {@code id} and {@code modifiedTime} may be null. */
    public static RecordChange malformed(
            String module, String id, Instant modifiedTime, String json, String problem) {
        RecordChange change = new RecordChange(module, id, modifiedTime, ChangeOp.MALFORMED, json);
        change.setProblem(problem);
        return change;
    }

    public String getModule() {
        return module;
    }

    public void setModule(String module) {
        this.module = module;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public Instant getModifiedTime() {
        return modifiedTime;
    }

    public void setModifiedTime(Instant modifiedTime) {
        this.modifiedTime = modifiedTime;
    }

    public ChangeOp getOp() {
        return op;
    }

    public void setOp(ChangeOp op) {
        this.op = op;
    }

    /** The record's JSON object as Zoho returned it; {@code null} for a delete. */
    public String getFieldsJson() {
        return fieldsJson;
    }

    public void setFieldsJson(String fieldsJson) {
        this.fieldsJson = fieldsJson;
    }

    /** A {@link ChangeOp#SYNC_PROGRESS} report; {@code progressJson} is built by the source. */
    public static RecordChange syncProgress(
            String module, Instant pollCompletedAt, String progressJson) {
        return new RecordChange(
                module, null, pollCompletedAt, ChangeOp.SYNC_PROGRESS, progressJson);
    }

    /** A {@link ChangeOp#SYNC_FAILURE} report; {@code failureJson} is built by the source. */
    public static RecordChange syncFailure(String module, Instant failedAt, String failureJson) {
        return new RecordChange(module, null, failedAt, ChangeOp.SYNC_FAILURE, failureJson);
    }

    /**
     * A fingerprint of {@link #getFieldsJson()} ({@link ContentHash}); {@link ContentHash#NONE} for
     * a delete. Tells two versions of a record with the same {@code Modified_Time} apart.
     */
    public long getContentHash() {
        return contentHash;
    }

    public void setContentHash(long contentHash) {
        this.contentHash = contentHash;
    }

    /**
     * Whether the source read this version again behind what its cursor remembers (after a rewind
     * or a restore), so that it may have been emitted before. A version the cursor knows to be new
     * is never a replay, whatever its time.
     */
    public boolean isReplay() {
        return replay;
    }

    public void setReplay(boolean replay) {
        this.replay = replay;
    }

    /**
     * The record this change is about, for keying: module and id, or for an unreadable item without
     * an id, module and its content's fingerprint; for a sync report, module and kind.
     */
    public String recordKey() {
        if (op == ChangeOp.SYNC_PROGRESS || op == ChangeOp.SYNC_FAILURE) {
            return module + ":" + op;
        }
        return id != null ? module + ":" + id : module + ":#" + Long.toHexString(contentHash);
    }

    /** What is wrong with a {@link ChangeOp#MALFORMED} item; {@code null} otherwise. */
    public String getProblem() {
        return problem;
    }

    public void setProblem(String problem) {
        this.problem = problem;
    }

    /**
     * Where the change was read when it did not come from Zoho's API, for the dead letters: e.g.
     * {@code Kafka topic crm.public.leads, partition 0, offset 17}; {@code null} for Zoho.
     */
    public String getOrigin() {
        return origin;
    }

    public void setOrigin(String origin) {
        this.origin = origin;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecordChange)) {
            return false;
        }
        RecordChange that = (RecordChange) o;
        return Objects.equals(module, that.module)
                && Objects.equals(id, that.id)
                && Objects.equals(modifiedTime, that.modifiedTime)
                && op == that.op
                && Objects.equals(fieldsJson, that.fieldsJson)
                && Objects.equals(problem, that.problem)
                && contentHash == that.contentHash
                && replay == that.replay
                && Objects.equals(origin, that.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(module, id, modifiedTime, op, fieldsJson, problem);
    }

    @Override
    public String toString() {
        // Never the fields: they hold lead PII.
        return "RecordChange{" + module + " " + id + " " + op + " @" + modifiedTime + "}";
    }
}
