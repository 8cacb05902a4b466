package io.crmpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.simulator.ZohoSimulatorMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;

/**
 * The Zoho simulator's {@code scale} scenario in a JVM of its own, so that the job's heap, CPU
 * profile and garbage are the job's alone. It is {@link ZohoSimulatorMain} on this JVM's classpath,
 * with its own {@code -Xmx} and, if asked, its own flight recording.
 */
public final class SimulatorProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Map<String, String> variables;
    private final Duration startup;
    private final HttpClient http = HttpClient.newHttpClient();

    private SimulatorProcess(Process process, Map<String, String> variables, Duration startup) {
        this.process = process;
        this.variables = variables;
        this.startup = startup;
    }

    /**
     * Starts a simulator with about {@code leads} leads and {@code deals} deals and waits until it
     * serves (the world is built first).
     *
     * @param maxHeap its {@code -Xmx}, e.g. {@code 3g}
     * @param jfr where it records a profile ({@code settings=profile}, written when it stops), or
     *     {@code null} for none
     */
    public static SimulatorProcess start(int leads, int deals, String maxHeap, @Nullable Path jfr)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
        }
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        ZohoSimulatorMain.class.getName(),
                        "--port",
                        "0",
                        "--scenario",
                        "scale",
                        "--leads",
                        Integer.toString(leads),
                        "--deals",
                        Integer.toString(deals)));
        long started = System.nanoTime();
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> variables = new HashMap<>();
        String line;
        while (!variables.containsKey("ZOHO_REFRESH_TOKEN") && (line = out.readLine()) != null) {
            if (line.startsWith("ZOHO_") && line.contains("=")) {
                variables.put(
                        line.substring(0, line.indexOf('=')),
                        line.substring(line.indexOf('=') + 1));
            } else {
                System.err.println("[simulator] " + line);
            }
        }
        if (!variables.containsKey("ZOHO_REFRESH_TOKEN")) {
            process.destroy();
            throw new IOException(
                    "The simulator stopped before it served (exit code "
                            + waitFor(process)
                            + "); its errors are above");
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        // Keep reading what it prints, or a full pipe would stop it.
        Thread drain =
                new Thread(
                        () -> out.lines().forEach(l -> System.err.println("[simulator] " + l)),
                        "simulator-output");
        drain.setDaemon(true);
        drain.start();
        return new SimulatorProcess(process, Map.copyOf(variables), startup);
    }

    /** The accounts URL and the API domain at once. */
    public String baseUrl() {
        return variables.get("ZOHO_API_DOMAIN");
    }

    public String clientId() {
        return variables.get("ZOHO_CLIENT_ID");
    }

    public String clientSecret() {
        return variables.get("ZOHO_CLIENT_SECRET");
    }

    public String refreshToken() {
        return variables.get("ZOHO_REFRESH_TOKEN");
    }

    /** From starting the JVM to the simulator serving: mostly building the world. */
    public Duration startup() {
        return startup;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code GET /simulator/stats}: the calls it served, by module and status, and their time. */
    public JsonNode stats() {
        return get("/simulator/stats");
    }

    /** {@code GET /simulator/truth/lead_source_quality}: what that table must hold. */
    public JsonNode leadSourceQualityTruth() {
        return get("/simulator/truth/lead_source_quality");
    }

    /**
     * The bytes its heap holds after a full collection: the total of {@code jcmd <pid>
     * GC.class_histogram}, which collects first.
     */
    public long liveHeapBytes() throws IOException, InterruptedException {
        Process jcmd =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                                Long.toString(process.pid()),
                                "GC.class_histogram")
                        .redirectErrorStream(true)
                        .start();
        String total = null;
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("Total")) {
                    total = line;
                }
            }
        }
        if (jcmd.waitFor() != 0 || total == null) {
            throw new IOException("jcmd GC.class_histogram of " + process.pid() + " failed");
        }
        String[] columns = total.trim().split("\\s+");
        return Long.parseLong(columns[columns.length - 1]);
    }

    /** Stops it (its flight recording is written on the way out) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(baseUrl() + path))
                                    .timeout(Duration.ofMinutes(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
