package io.crmpulse.zoho.model;

/** What happened to a CRM record. */
public enum ChangeOp {
    /** The record was created or edited; {@link RecordChange#getFieldsJson()} holds its fields. */
    UPSERT,
    /** The record was deleted (recycle bin or permanently); it has no fields. */
    DELETE
}
