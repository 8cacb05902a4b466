package io.crmpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * An embedded Flink (the local environment's MiniCluster) with its REST API on a free port, and
 * readers for what the web UI shows: each checkpoint's size and duration, each vertex's busy and
 * backpressured time. This is where the time goes inside Flink.
 */
public final class BenchCluster {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The task metrics read per vertex, averaged over its subtasks. */
    private static final String VERTEX_METRICS =
            "busyTimeMsPerSecond,backPressuredTimeMsPerSecond,idleTimeMsPerSecond,"
                    + "numRecordsInPerSecond";

    private final StreamExecutionEnvironment env;
    private final URI rest;
    private final HttpClient http = HttpClient.newHttpClient();

    private BenchCluster(StreamExecutionEnvironment env, URI rest) {
        this.env = env;
        this.rest = rest;
    }

    /**
     * A local environment whose jobs run at {@code parallelism}, REST on a free port, checkpoints
     * in {@code checkpoints} as the laptop jar keeps them (the JobManager's memory refuses a state
     * over 5 MB).
     */
    public static BenchCluster create(int parallelism, Path checkpoints) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for Flink's REST API", e);
        }
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, Integer.toString(port));
        conf.set(RestOptions.PORT, port);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        return new BenchCluster(
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf),
                URI.create("http://localhost:" + port));
    }

    public StreamExecutionEnvironment env() {
        return env;
    }

    /** The REST API's base address, e.g. for a browser while a benchmark runs. */
    public URI rest() {
        return rest;
    }

    /** One checkpoint of {@code /jobs/:id/checkpoints}. */
    public record Checkpoint(
            long id,
            String status,
            long stateSize,
            long checkpointedSize,
            long endToEndDurationMillis) {}

    /** A vertex (an operator chain) now: subtask averages of its task metrics, and its totals. */
    public record VertexLoad(
            String name,
            int parallelism,
            double busyMsPerSecond,
            double backPressuredMsPerSecond,
            double idleMsPerSecond,
            double recordsInPerSecond,
            long readRecords,
            long writeRecords) {}

    /** The checkpoints Flink still lists for {@code job} (its history, newest first). */
    public List<Checkpoint> checkpoints(JobID job) {
        List<Checkpoint> out = new ArrayList<>();
        for (JsonNode c : get("/jobs/" + job + "/checkpoints").path("history")) {
            out.add(
                    new Checkpoint(
                            c.path("id").asLong(),
                            c.path("status").asText(),
                            c.path("state_size").asLong(),
                            c.path("checkpointed_size").asLong(),
                            c.path("end_to_end_duration").asLong()));
        }
        return out;
    }

    /** Every vertex of {@code job}, in the job graph's order (sources first). */
    public List<VertexLoad> vertices(JobID job) {
        List<VertexLoad> out = new ArrayList<>();
        for (JsonNode v : get("/jobs/" + job).path("vertices")) {
            String id = v.path("id").asText();
            JsonNode metrics =
                    get(
                            "/jobs/"
                                    + job
                                    + "/vertices/"
                                    + id
                                    + "/subtasks/metrics?agg=avg&get="
                                    + VERTEX_METRICS);
            out.add(
                    new VertexLoad(
                            v.path("name").asText(),
                            v.path("parallelism").asInt(),
                            avg(metrics, "busyTimeMsPerSecond"),
                            avg(metrics, "backPressuredTimeMsPerSecond"),
                            avg(metrics, "idleTimeMsPerSecond"),
                            avg(metrics, "numRecordsInPerSecond"),
                            v.path("metrics").path("read-records").asLong(),
                            v.path("metrics").path("write-records").asLong()));
        }
        return out;
    }

    private static double avg(JsonNode metrics, String name) {
        for (JsonNode m : metrics) {
            if (name.equals(m.path("id").asText())) {
                return m.path("avg").asDouble();
            }
        }
        // A metric not reported yet (the vertex has not started, or has finished).
        return Double.NaN;
    }

    private JsonNode get(String path) {
        HttpRequest request =
                HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "Flink REST "
                                + path
                                + " answered "
                                + response.statusCode()
                                + ": "
                                + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Flink REST " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading Flink REST " + path, e);
        }
    }
}
