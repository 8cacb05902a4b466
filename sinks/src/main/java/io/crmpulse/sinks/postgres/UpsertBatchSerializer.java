package io.crmpulse.sinks.postgres;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Keeps uncommitted {@link UpsertBatch}es in checkpoints. Version 2; bump it on any change.
 *
 * <p>Version 2 added instants ({@code TIMESTAMP_LTZ}); version 1 had the same layout without them,
 * its times being wall-clock {@code TIMESTAMP}s, and still reads.
 */
public final class UpsertBatchSerializer implements SimpleVersionedSerializer<UpsertBatch> {

    private static final int VERSION = 2;
    private static final int VERSION_WITHOUT_INSTANTS = 1;

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte BOOLEAN = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte DECIMAL = 6;
    private static final byte DATE = 7;
    private static final byte TIMESTAMP = 8;
    private static final byte INSTANT = 9;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(UpsertBatch batch) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(batch.changes().size());
        for (UpsertBatch.Change change : batch.changes()) {
            out.writeBoolean(change.delete());
            out.writeInt(change.values().length);
            for (Object value : change.values()) {
                write(out, value);
            }
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public UpsertBatch deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION && version != VERSION_WITHOUT_INSTANTS) {
            throw new IOException("Unknown version " + version + " of a PostgreSQL sink batch");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int size = in.readInt();
        List<UpsertBatch.Change> changes = new ArrayList<>(size);
        for (int c = 0; c < size; c++) {
            boolean delete = in.readBoolean();
            Object[] values = new Object[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = read(in);
            }
            changes.add(new UpsertBatch.Change(delete, values));
        }
        return new UpsertBatch(changes);
    }

    private static void write(DataOutputSerializer out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String s) {
            // writeUTF stops at 64 KB; a dead letter's raw payload can be longer.
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeByte(STRING);
            out.writeInt(bytes.length);
            out.write(bytes);
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            out.writeUTF(d.toString());
        } else if (value instanceof LocalDate d) {
            out.writeByte(DATE);
            out.writeLong(d.toEpochDay());
        } else if (value instanceof LocalDateTime t) {
            out.writeByte(TIMESTAMP);
            out.writeUTF(t.toString());
        } else if (value instanceof Instant t) {
            out.writeByte(INSTANT);
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        } else {
            throw new IOException("Cannot serialize a " + value.getClass().getName());
        }
    }

    private static Object read(DataInputDeserializer in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            case BOOLEAN:
                return in.readBoolean();
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case DECIMAL:
                return new BigDecimal(in.readUTF());
            case DATE:
                return LocalDate.ofEpochDay(in.readLong());
            case TIMESTAMP:
                return LocalDateTime.parse(in.readUTF());
            case INSTANT:
                return Instant.ofEpochSecond(in.readLong(), in.readInt());
            default:
                throw new IOException("Unknown value tag " + tag + " in a PostgreSQL sink batch");
        }
    }
}
