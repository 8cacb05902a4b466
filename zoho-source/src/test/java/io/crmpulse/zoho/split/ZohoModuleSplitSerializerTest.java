package io.crmpulse.zoho.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.zoho.enumerator.ZohoEnumeratorState;
import io.crmpulse.zoho.enumerator.ZohoEnumeratorStateSerializer;
import io.crmpulse.zoho.model.ContentHash;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ZohoModuleSplitSerializerTest {

    private static final Instant T = Instant.parse("2026-03-08T09:59:59Z");

    private final ZohoModuleSplitSerializer serializer = ZohoModuleSplitSerializer.INSTANCE;

    @Test
    void roundTripsAnInitialSplit() throws IOException {
        ZohoModuleSplit split = ZohoModuleSplit.initial("Leads");

        assertThat(roundTrip(split)).isEqualTo(split);
    }

    @Test
    void roundTripsCursorsWithTiesContentRewindAndNanos() throws IOException {
        TreeMap<Instant, Set<SeenVersion>> seen = new TreeMap<>();
        seen.put(
                T,
                Set.of(
                        new SeenVersion("4970762000000348015", 42L),
                        new SeenVersion("4970762000000348015", -7L),
                        new SeenVersion("4970762000000348016", ContentHash.NONE)));
        seen.put(T.plusSeconds(1), Set.of(new SeenVersion("4970762000000348017", 3L)));
        ZohoModuleSplit split =
                new ZohoModuleSplit(
                        "Deals",
                        SyncPhase.INCREMENTAL,
                        new ChangeCursor(
                                T.plusSeconds(1),
                                T.minusSeconds(300),
                                T.minusSeconds(900),
                                T.minusSeconds(20),
                                seen),
                        new ChangeCursor(
                                T.plusNanos(5),
                                null,
                                T.minusSeconds(60),
                                null,
                                new TreeMap<>(Map.of(T, Set.of(new SeenVersion("9", 0))))),
                        12_345,
                        678,
                        Set.of(5L, -5L));

        ZohoModuleSplit restored = roundTrip(split);

        assertThat(restored).isEqualTo(split);
        assertThat(restored.records().seen().get(T))
                .containsExactlyInAnyOrder(
                        new SeenVersion("4970762000000348015", 42L),
                        new SeenVersion("4970762000000348015", -7L),
                        new SeenVersion("4970762000000348016", ContentHash.NONE));
        assertThat(restored.deletions().high()).isEqualTo(T.plusNanos(5));
        assertThat(restored.deletions().scanFrom()).isEqualTo(T.minusSeconds(60));
        assertThat(restored.records().rewindTo()).isEqualTo(T.minusSeconds(300));
        assertThat(restored.records().scanFrom()).isEqualTo(T.minusSeconds(900));
        assertThat(restored.records().seenFrom()).isEqualTo(T.minusSeconds(20));
        assertThat(restored.changesEmitted()).isEqualTo(12_345);
        assertThat(restored.apiCalls()).isEqualTo(678);
        assertThat(restored.malformed()).containsExactlyInAnyOrder(5L, -5L);
    }

    @Test
    void readsVersion2CheckpointsWhoseVersionsMatchAnyContent() throws IOException {
        DataOutputSerializer v2 = new DataOutputSerializer(64);
        v2.writeUTF("Leads");
        v2.writeInt(SyncPhase.BACKFILL.code());
        // records: high T, no rewind, scan from T - 1 h, one time with one id
        v2.writeBoolean(true);
        v2.writeLong(T.getEpochSecond());
        v2.writeInt(T.getNano());
        v2.writeBoolean(false);
        v2.writeBoolean(true);
        v2.writeLong(T.getEpochSecond() - 3600);
        v2.writeInt(0);
        v2.writeInt(1);
        v2.writeLong(T.getEpochSecond());
        v2.writeInt(T.getNano());
        v2.writeInt(1);
        v2.writeUTF("4970762000000348015");
        // deletions: nothing yet
        v2.writeBoolean(false);
        v2.writeBoolean(false);
        v2.writeBoolean(false);
        v2.writeInt(0);
        v2.writeLong(5);
        v2.writeLong(7);

        ZohoModuleSplit restored = serializer.deserialize(2, v2.getCopyOfBuffer());

        assertThat(restored.records().scanFrom()).isEqualTo(T.minusSeconds(3600));
        assertThat(restored.records().seen())
                .containsExactly(
                        Map.entry(
                                T,
                                Set.of(new SeenVersion("4970762000000348015", ContentHash.NONE))));
        assertThat(restored.malformed()).isEmpty();
        assertThat(
                        new ChangeCursorState(restored.records(), java.time.Duration.ofSeconds(60))
                                .classify("4970762000000348015", T, 123L, null))
                .isEqualTo(ChangeCursorState.Verdict.SEEN);
    }

    @Test
    void readsVersion1CheckpointsWrittenBeforeCursorsKeptTheirScanStart() throws IOException {
        DataOutputSerializer v1 = new DataOutputSerializer(64);
        v1.writeUTF("Leads");
        v1.writeInt(SyncPhase.INCREMENTAL.code());
        // records: high T, no rewind, one time with one id
        v1.writeBoolean(true);
        v1.writeLong(T.getEpochSecond());
        v1.writeInt(T.getNano());
        v1.writeBoolean(false);
        v1.writeInt(1);
        v1.writeLong(T.getEpochSecond());
        v1.writeInt(T.getNano());
        v1.writeInt(1);
        v1.writeUTF("4970762000000348015");
        // deletions: nothing yet
        v1.writeBoolean(false);
        v1.writeBoolean(false);
        v1.writeInt(0);
        v1.writeLong(5);
        v1.writeLong(7);

        ZohoModuleSplit restored = serializer.deserialize(1, v1.getCopyOfBuffer());

        assertThat(restored)
                .isEqualTo(
                        new ZohoModuleSplit(
                                "Leads",
                                SyncPhase.INCREMENTAL,
                                new ChangeCursor(
                                        T,
                                        null,
                                        null,
                                        null,
                                        new TreeMap<>(
                                                Map.of(
                                                        T,
                                                        Set.of(
                                                                new SeenVersion(
                                                                        "4970762000000348015",
                                                                        ContentHash.NONE))))),
                                ChangeCursor.initial(),
                                5,
                                7));
    }

    @Test
    void refusesAnUnknownVersion() throws IOException {
        byte[] bytes = serializer.serialize(ZohoModuleSplit.initial("Leads"));

        assertThatThrownBy(() -> serializer.deserialize(99, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void refusesTrailingBytes() throws IOException {
        byte[] bytes = serializer.serialize(ZohoModuleSplit.initial("Leads"));
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> serializer.deserialize(serializer.getVersion(), longer))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3 trailing bytes");
    }

    @Test
    void enumeratorStateRoundTripsItsUnassignedSplits() throws IOException {
        ZohoEnumeratorStateSerializer stateSerializer = new ZohoEnumeratorStateSerializer();
        ZohoEnumeratorState state =
                new ZohoEnumeratorState(
                        List.of(
                                ZohoModuleSplit.initial("Leads"),
                                new ZohoModuleSplit(
                                        "Deals",
                                        SyncPhase.INCREMENTAL,
                                        new ChangeCursor(T, null, null, null, new TreeMap<>()),
                                        ChangeCursor.initial())));

        ZohoEnumeratorState restored =
                stateSerializer.deserialize(
                        stateSerializer.getVersion(), stateSerializer.serialize(state));

        assertThat(restored).isEqualTo(state);
    }

    private ZohoModuleSplit roundTrip(ZohoModuleSplit split) throws IOException {
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
    }
}
