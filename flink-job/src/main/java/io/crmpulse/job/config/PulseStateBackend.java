package io.crmpulse.job.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;

/**
 * Where the job keeps its keyed state ({@code PULSE_STATE_BACKEND}), as Flink's own options say it.
 * The state grows with the CRM (a latest version per record, the aggregations' rows: README
 * "Benchmarks"), so the choice is between checkpoint cost and heap.
 */
public enum PulseStateBackend {
    /** On the heap; each checkpoint writes all of it. Flink's default. */
    HASHMAP(false),
    /**
     * In RocksDB on local disk, off the heap; each checkpoint uploads only the files that changed
     * since the last one, so its cost follows the changes, not the size of the CRM.
     */
    ROCKSDB(true);

    private static final MemorySize WRITE_BUFFER_SIZE = MemorySize.parse("4mb");

    private final boolean incremental;

    PulseStateBackend(boolean incremental) {
        this.incremental = incremental;
    }

    /** Its name in {@code PULSE_STATE_BACKEND}, and Flink's in {@code state.backend.type}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Flink's settings that select it, for {@code StreamExecutionEnvironment.configure}. */
    public Configuration flinkSettings() {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, key());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, incremental);
        if (this == ROCKSDB) {
            // Each of the job's twenty-odd keyed states is a column family with its own memtable,
            // whose arena blocks are an eighth of this size: at RocksDB's 64 MB they outgrew a
            // slot's share of managed memory, and the write buffer manager flushed thousands of
            // times a minute (BENCHMARKS.md, "Speed-ups").
            conf.set(RocksDBConfigurableOptions.WRITE_BUFFER_SIZE, WRITE_BUFFER_SIZE);
        }
        return conf;
    }

    /**
     * @throws ConfigException naming {@code variable} when {@code text} is none of the choices
     */
    static PulseStateBackend parse(String variable, String text) {
        for (PulseStateBackend backend : values()) {
            if (backend.key().equalsIgnoreCase(text)) {
                return backend;
            }
        }
        throw new ConfigException(
                variable
                        + "='"
                        + text
                        + "' is not a state backend: use "
                        + Arrays.stream(values())
                                .map(PulseStateBackend::key)
                                .collect(Collectors.joining(" or ")));
    }
}
