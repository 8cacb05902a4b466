package io.crmpulse.sinks.kafka;

import java.util.Objects;

/**
 * One message of the alerts topic: its key (the alert's id, or the summary's) and its value, the
 * JSON text. A Flink POJO.
 */
public class TopicMessage {

    private String key;
    private String value;

    /** For Flink's POJO serializer. */
    public TopicMessage() {}

    public TopicMessage(String key, String value) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicMessage that
                && Objects.equals(key, that.key)
                && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, value);
    }

    @Override
    public String toString() {
        return "TopicMessage{" + key + "}";
    }
}
