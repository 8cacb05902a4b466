package io.crmpulse.job.kafka;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import javax.annotation.Nullable;

/** The tables {@code --source kafka} reads: the mapped topics and their columns. */
public record DebeziumMapping(List<TableMapping> tables) implements Serializable {

    public DebeziumMapping {
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("no table is mapped");
        }
    }

    /** The topics to subscribe to, each once. */
    public List<String> topics() {
        return tables.stream().map(TableMapping::topic).distinct().toList();
    }

    /** The modules, in the order of the mapping. */
    public List<String> modules() {
        return tables.stream().map(TableMapping::module).distinct().toList();
    }

    /** The tables whose events arrive on {@code topic}. */
    List<TableMapping> onTopic(String topic) {
        return tables.stream().filter(t -> t.topic().equals(topic)).toList();
    }

    /** The mapping of an event of {@code sourceTable} read from {@code topic}, if any. */
    Optional<TableMapping> find(String topic, @Nullable String sourceTable) {
        return tables.stream()
                .filter(t -> t.topic().equals(topic) && t.isFor(sourceTable))
                .findFirst();
    }
}
