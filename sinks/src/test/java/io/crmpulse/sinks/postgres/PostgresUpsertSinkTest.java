package io.crmpulse.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

class PostgresUpsertSinkTest {

    private static final PostgresTable DAILY =
            new PostgresTable(
                    "daily_source_stats",
                    List.of("day", "lead_source", "leads_created", "won_value", "computed_at"),
                    List.of(
                            new DateType(),
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new BigIntType(),
                            new DecimalType(18, 2),
                            new LocalZonedTimestampType(3)),
                    List.of("day", "lead_source"));

    @Test
    void upsertsByThePrimaryKeyAndDeletesByIt() {
        assertThat(DAILY.upsertSql())
                .isEqualTo(
                        "INSERT INTO \"daily_source_stats\" (\"day\", \"lead_source\","
                                + " \"leads_created\", \"won_value\", \"computed_at\") VALUES (?,"
                                + " ?, ?, ?, ?) ON CONFLICT (\"day\", \"lead_source\") DO UPDATE"
                                + " SET \"leads_created\" = EXCLUDED.\"leads_created\","
                                + " \"won_value\" = EXCLUDED.\"won_value\", \"computed_at\" ="
                                + " EXCLUDED.\"computed_at\"");
        assertThat(DAILY.deleteSql())
                .isEqualTo(
                        "DELETE FROM \"daily_source_stats\" WHERE \"day\" = ? AND"
                                + " \"lead_source\" = ?");
    }

    @Test
    void theWriterHandsOverOnlyTheLastChangePerKeyAtEachCheckpoint() {
        PostgresUpsertWriter writer = new PostgresUpsertWriter(DAILY);

        writer.write(row(RowKind.INSERT, "Web", 1), null);
        writer.write(row(RowKind.INSERT, "Ads", 4), null);
        writer.write(row(RowKind.UPDATE_BEFORE, "Web", 1), null);
        writer.write(row(RowKind.UPDATE_AFTER, "Web", 2), null);
        writer.write(row(RowKind.DELETE, "Ads", 4), null);

        List<UpsertBatch> batches = List.copyOf(writer.prepareCommit());
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).changes())
                .extracting(c -> c.delete() + ":" + c.values()[1] + ":" + c.values()[2])
                .containsExactly("false:Web:2", "true:Ads:4");
        assertThat(writer.prepareCommit()).as("nothing new since").isEmpty();
    }

    @Test
    void theWriterKeepsTimesAsInstants() {
        PostgresUpsertWriter writer = new PostgresUpsertWriter(DAILY);

        writer.write(row(RowKind.INSERT, "Web", 1), null);

        assertThat(List.copyOf(writer.prepareCommit()).get(0).changes().get(0).values()[4])
                .isEqualTo(Instant.parse("2026-03-08T09:00:00Z"));
    }

    @Test
    void batchesSurviveTheCheckpointUnchanged() throws Exception {
        String longPayload = "x".repeat(70_000); // longer than writeUTF allows
        UpsertBatch batch =
                new UpsertBatch(
                        List.of(
                                new UpsertBatch.Change(
                                        false,
                                        new Object[] {
                                            LocalDate.of(2026, 3, 8),
                                            longPayload,
                                            7L,
                                            new BigDecimal("1500.50"),
                                            Instant.parse("2026-11-01T06:30:00.123Z"),
                                            LocalDateTime.of(2026, 3, 8, 2, 30, 0, 123_000_000)
                                        }),
                                new UpsertBatch.Change(
                                        true, new Object[] {null, "Web", 1, true, 0.25})));
        UpsertBatchSerializer serializer = new UpsertBatchSerializer();

        UpsertBatch copy =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(batch));

        assertThat(copy.changes()).hasSize(2);
        assertThat(copy.changes().get(0).delete()).isFalse();
        assertThat(copy.changes().get(0).values()).containsExactly(batch.changes().get(0).values());
        assertThat(copy.changes().get(1).delete()).isTrue();
        assertThat(copy.changes().get(1).values()).containsExactly(null, "Web", 1, true, 0.25);
    }

    @Test
    void aBatchOfVersionOneFromAnEarlierCheckpointStillReads() throws Exception {
        // Version 1 bytes, as the job wrote them before instants: one upsert of a DATE, a STRING
        // and a wall-clock TIMESTAMP.
        DataOutputSerializer v1 = new DataOutputSerializer(64);
        v1.writeInt(1);
        v1.writeBoolean(false);
        v1.writeInt(3);
        v1.writeByte(7);
        v1.writeLong(LocalDate.of(2026, 3, 8).toEpochDay());
        v1.writeByte(1);
        v1.writeInt(3);
        v1.write("Web".getBytes(StandardCharsets.UTF_8));
        v1.writeByte(8);
        v1.writeUTF("2026-03-08T02:30:00.123");

        UpsertBatch batch = new UpsertBatchSerializer().deserialize(1, v1.getCopyOfBuffer());

        assertThat(batch.changes().get(0).values())
                .containsExactly(
                        LocalDate.of(2026, 3, 8),
                        "Web",
                        LocalDateTime.of(2026, 3, 8, 2, 30, 0, 123_000_000));
    }

    @Test
    void aTableWithAZoneLessTimestampIsRefusedNamingTheColumn() {
        assertThatThrownBy(
                        () ->
                                new PostgresTable(
                                        "t",
                                        List.of("a", "at"),
                                        List.of(new BigIntType(), new TimestampType(3)),
                                        List.of("a")))
                .hasMessageContaining("Column at has type TIMESTAMP(3), a time without a zone")
                .hasMessageContaining("declare it TIMESTAMP_LTZ(3)");
    }

    @Test
    void aTableWithoutKeyOrWithATypeItCannotWriteIsRefusedWhenTheJobIsBuilt() {
        assertThatThrownBy(
                        () ->
                                new PostgresTable(
                                        "t", List.of("a"), List.of(new BigIntType()), List.of()))
                .hasMessageContaining("t needs a PRIMARY KEY");
        assertThatThrownBy(
                        () ->
                                new PostgresTable(
                                        "t",
                                        List.of("a", "m"),
                                        List.of(
                                                new BigIntType(),
                                                new MapType(new BigIntType(), new BigIntType())),
                                        List.of("a")))
                .hasMessageContaining("Column m has type MAP<BIGINT, BIGINT>");
    }

    private static GenericRowData row(RowKind kind, String source, long leads) {
        GenericRowData row =
                GenericRowData.of(
                        (int) LocalDate.of(2026, 3, 8).toEpochDay(),
                        StringData.fromString(source),
                        leads,
                        DecimalData.fromBigDecimal(new BigDecimal("10.00"), 18, 2),
                        TimestampData.fromInstant(Instant.parse("2026-03-08T09:00:00Z")));
        row.setRowKind(kind);
        return row;
    }
}
