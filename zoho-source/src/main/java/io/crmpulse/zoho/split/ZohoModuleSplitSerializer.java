package io.crmpulse.zoho.split;

import io.crmpulse.zoho.model.ContentHash;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link ZohoModuleSplit} into checkpoints and savepoints.
 *
 * <p>Version 1: module (UTF), phase code (int), the records cursor and the deletions cursor, then
 * the changes emitted and the API calls made since the sync began (longs). A cursor is: high
 * (instant or absent), rewindTo (instant or absent), the number of distinct times, and per time the
 * instant, the number of ids and the ids (UTF). An instant is its epoch second (long) and nano
 * (int).
 *
 * <p>Version 2: as version 1, with the cursor's scanFrom (instant or absent) after rewindTo.
 *
 * <p>Version 3: as version 2, with the cursor's seenFrom (instant or absent) after scanFrom and a
 * content fingerprint (long) after each id, then, after the API calls, the number of unreadable
 * items remembered and their fingerprints (longs). The versions of older checkpoints stand for any
 * content ({@link io.crmpulse.zoho.model.ContentHash#NONE}).
 *
 * <p>A change to this layout is a new version, and every old version stays readable.
 */
public class ZohoModuleSplitSerializer implements SimpleVersionedSerializer<ZohoModuleSplit> {

    public static final ZohoModuleSplitSerializer INSTANCE = new ZohoModuleSplitSerializer();

    private static final int VERSION_1 = 1;
    private static final int VERSION_2 = 2;
    private static final int VERSION_3 = 3;
    private static final int CURRENT_VERSION = VERSION_3;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(ZohoModuleSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public ZohoModuleSplit deserialize(int version, byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        ZohoModuleSplit split = read(version, in);
        if (in.available() > 0) {
            throw new IOException(
                    "Unexpected "
                            + in.available()
                            + " trailing bytes in a Zoho split (v"
                            + version
                            + ")");
        }
        return split;
    }

    private static void write(ZohoModuleSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.module());
        out.writeInt(split.phase().code());
        writeCursor(split.records(), out);
        writeCursor(split.deletions(), out);
        out.writeLong(split.changesEmitted());
        out.writeLong(split.apiCalls());
        out.writeInt(split.malformed().size());
        for (long fingerprint : split.malformed()) {
            out.writeLong(fingerprint);
        }
    }

    private static ZohoModuleSplit read(int version, DataInputView in) throws IOException {
        switch (version) {
            case VERSION_1:
            case VERSION_2:
            case VERSION_3:
                String module = in.readUTF();
                SyncPhase phase = SyncPhase.fromCode(in.readInt());
                ChangeCursor records = readCursor(version, in);
                ChangeCursor deletions = readCursor(version, in);
                long changesEmitted = in.readLong();
                long apiCalls = in.readLong();
                Set<Long> malformed = new HashSet<>();
                if (version >= VERSION_3) {
                    int count = in.readInt();
                    for (int i = 0; i < count; i++) {
                        malformed.add(in.readLong());
                    }
                }
                return new ZohoModuleSplit(
                        module, phase, records, deletions, changesEmitted, apiCalls, malformed);
            default:
                throw new IOException(
                        "Unknown Zoho split serializer version "
                                + version
                                + " (this build reads up to "
                                + CURRENT_VERSION
                                + ")");
        }
    }

    private static void writeCursor(ChangeCursor cursor, DataOutputView out) throws IOException {
        writeOptionalInstant(cursor.high(), out);
        writeOptionalInstant(cursor.rewindTo(), out);
        writeOptionalInstant(cursor.scanFrom(), out);
        writeOptionalInstant(cursor.seenFrom(), out);
        out.writeInt(cursor.seen().size());
        for (var entry : cursor.seen().entrySet()) {
            writeInstant(entry.getKey(), out);
            out.writeInt(entry.getValue().size());
            for (SeenVersion version : entry.getValue()) {
                out.writeUTF(version.id());
                out.writeLong(version.contentHash());
            }
        }
    }

    private static ChangeCursor readCursor(int version, DataInputView in) throws IOException {
        Instant high = readOptionalInstant(in);
        Instant rewindTo = readOptionalInstant(in);
        Instant scanFrom = version >= VERSION_2 ? readOptionalInstant(in) : null;
        Instant seenFrom = version >= VERSION_3 ? readOptionalInstant(in) : null;
        int times = in.readInt();
        TreeMap<Instant, Set<SeenVersion>> seen = new TreeMap<>();
        for (int i = 0; i < times; i++) {
            Instant time = readInstant(in);
            int ids = in.readInt();
            Set<SeenVersion> set = new HashSet<>(ids * 2);
            for (int j = 0; j < ids; j++) {
                String id = in.readUTF();
                long hash = version >= VERSION_3 ? in.readLong() : ContentHash.NONE;
                set.add(new SeenVersion(id, hash));
            }
            seen.put(time, set);
        }
        return new ChangeCursor(high, rewindTo, scanFrom, seenFrom, seen);
    }

    private static void writeOptionalInstant(Instant instant, DataOutputView out)
            throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            writeInstant(instant, out);
        }
    }

    private static Instant readOptionalInstant(DataInputView in) throws IOException {
        return in.readBoolean() ? readInstant(in) : null;
    }

    private static void writeInstant(Instant instant, DataOutputView out) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputView in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
