package io.crmpulse.sinks.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A Kafka broker in this JVM for tests: one KRaft node that is broker and controller, on free local
 * ports, its log in a temporary folder, from Kafka's public server classes (no Docker, no Kafka
 * test-jars). Starts in about a second.
 *
 * <p>Tests share one per JVM ({@link #shared()}), each with topics of its own: Kafka's server keeps
 * JVM-wide state (metrics, for one), and a second broker started in the same JVM after the first
 * one stopped once answered a transactional producer with an unknown server error.
 */
public final class InJvmKafka implements AutoCloseable {

    private static InJvmKafka shared;

    private final Path dir;
    private final int port;
    private final KafkaRaftServer server;

    private InJvmKafka(Path dir, int port, KafkaRaftServer server) {
        this.dir = dir;
        this.port = port;
        this.server = server;
    }

    /**
     * The broker of this JVM, started on the first call and stopped when the JVM exits; do not
     * close it.
     */
    public static synchronized InJvmKafka shared() throws IOException {
        if (shared == null) {
            InJvmKafka kafka = start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "in-jvm-kafka-stop"));
            shared = kafka;
        }
        return shared;
    }

    public static InJvmKafka start() throws IOException {
        // A fatal broker error would halt the JVM, and surefire would only see its fork vanish.
        Exit.setExitProcedure(
                (status, message) -> {
                    throw new IllegalStateException("Kafka exit " + status + ": " + message);
                });
        Exit.setHaltProcedure(
                (status, message) -> {
                    throw new IllegalStateException("Kafka halt " + status + ": " + message);
                });
        Path dir = Files.createTempDirectory("in-jvm-kafka");
        int port = freePort();
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // No controlled shutdown: with its one node gone there is no one to hand partitions to,
        // and the broker would wait up to five minutes for the controller's answer.
        p.put("controlled.shutdown.enable", "false");
        // The log cleaner's dedupe buffer is 128 MB of heap by default, in the tests' JVM for as
        // long as it runs; the tests' compacted topics are tiny.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        KafkaConfig config = KafkaConfig.fromProps(p);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(Set.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log in " + dir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new InJvmKafka(dir, port, server);
    }

    /** {@code bootstrap.servers} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * The broker's largest transaction timeout (Kafka's default, 15 minutes): an exactly-once
     * producer must ask for less.
     */
    public static long maxTransactionTimeoutMillis() {
        return 15 * 60 * 1000L;
    }

    /**
     * Every message of {@code topic} that a consumer with {@code isolation} ({@code read_committed}
     * or {@code read_uncommitted}) reads, up to the end it sees now.
     */
    public List<ConsumerRecord<String, String>> read(String topic, String isolation) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("isolation.level", isolation);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(InJvmKafka::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
