package io.crmpulse.zoho.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.zoho.enumerator.ZohoEnumeratorState;
import io.crmpulse.zoho.enumerator.ZohoEnumeratorStateSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
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
    void roundTripsCursorsWithTiesRewindAndNanos() throws IOException {
        TreeMap<Instant, Set<String>> seen = new TreeMap<>();
        seen.put(T, Set.of("4970762000000348015", "4970762000000348016"));
        seen.put(T.plusSeconds(1), Set.of("4970762000000348017"));
        ZohoModuleSplit split =
                new ZohoModuleSplit(
                        "Deals",
                        SyncPhase.INCREMENTAL,
                        new ChangeCursor(
                                T.plusSeconds(1), T.minusSeconds(300), T.minusSeconds(900), seen),
                        new ChangeCursor(
                                T.plusNanos(5),
                                null,
                                null,
                                new TreeMap<>(java.util.Map.of(T, Set.of("9")))),
                        12_345,
                        678);

        ZohoModuleSplit restored = roundTrip(split);

        assertThat(restored).isEqualTo(split);
        assertThat(restored.records().seen().get(T))
                .containsExactlyInAnyOrder("4970762000000348015", "4970762000000348016");
        assertThat(restored.deletions().high()).isEqualTo(T.plusNanos(5));
        assertThat(restored.records().rewindTo()).isEqualTo(T.minusSeconds(300));
        assertThat(restored.records().scanFrom()).isEqualTo(T.minusSeconds(900));
        assertThat(restored.changesEmitted()).isEqualTo(12_345);
        assertThat(restored.apiCalls()).isEqualTo(678);
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
                                        new TreeMap<>(
                                                java.util.Map.of(
                                                        T, Set.of("4970762000000348015")))),
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
                                        new ChangeCursor(T, null, null, new TreeMap<>()),
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
