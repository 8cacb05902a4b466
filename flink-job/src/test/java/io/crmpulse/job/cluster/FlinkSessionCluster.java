package io.crmpulse.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.job.db.TestDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Flink 1.20 standalone session cluster as the distribution's scripts start it, from Flink's own
 * Maven jars: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code
 * TaskManagerRunner}, with the memory flags that {@code BashJavaUtils} computes, as {@code
 * taskmanager.sh} does), each a JVM of its own, bound to 127.0.0.1. Its classpath is what a
 * distribution's {@code lib/} holds (written by the build to {@code target/flink-cluster/}), never
 * the job's classes or libraries; the {@code flink} command is {@link #flink}, Flink's {@code
 * CliFrontend} on the same classpath, as {@code bin/flink} runs it.
 */
final class FlinkSessionCluster implements AutoCloseable {

    private static final Path CLASSPATH_FILES = Path.of("target", "flink-cluster");
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path conf;
    private final String classpath;
    private final int restPort;
    private final Map<String, Process> processes = new java.util.LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FlinkSessionCluster(Path home, String classpath, int restPort) {
        this.home = home;
        this.conf = home.resolve("conf");
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /** Starts the JobManager and one TaskManager with two slots, and waits until it registered. */
    static FlinkSessionCluster start(Path home) throws Exception {
        String classpath =
                String.join(
                        java.io.File.pathSeparator,
                        Files.readString(CLASSPATH_FILES.resolve("provided.classpath")).trim(),
                        Files.readString(CLASSPATH_FILES.resolve("lib-extras.classpath")).trim());
        FlinkSessionCluster cluster =
                new FlinkSessionCluster(home, classpath, TestDatabase.freePort());
        try {
            cluster.writeConfiguration();
            cluster.startJobManager();
            cluster.startTaskManager();
            cluster.awaitTaskManager();
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private void writeConfiguration() throws IOException {
        Files.createDirectories(conf);
        Path log = home.resolve("log");
        Files.createDirectories(log);
        String yaml =
                String.join(
                        "\n",
                        "jobmanager.rpc.address: 127.0.0.1",
                        "jobmanager.rpc.port: " + TestDatabase.freePort(),
                        "jobmanager.bind-host: 127.0.0.1",
                        "jobmanager.memory.process.size: 1024m",
                        "taskmanager.host: 127.0.0.1",
                        "taskmanager.bind-host: 127.0.0.1",
                        "taskmanager.numberOfTaskSlots: 2",
                        "taskmanager.memory.process.size: 1728m",
                        "parallelism.default: 1",
                        "rest.address: 127.0.0.1",
                        "rest.bind-address: 127.0.0.1",
                        "rest.port: " + restPort,
                        "execution.checkpointing.dir: " + home.resolve("checkpoints").toUri(),
                        "execution.checkpointing.savepoint-dir: "
                                + home.resolve("savepoints").toUri(),
                        "");
        Files.writeString(conf.resolve("config.yaml"), yaml);
        // The distribution's log4j.properties, in short: each process logs to its log.file.
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                        ""));
    }

    private void startJobManager() throws IOException {
        List<String> command = java("jobmanager");
        command.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        command.addAll(List.of("--configDir", conf.toString()));
        processes.put("jobmanager", start(command, "jobmanager"));
    }

    private void startTaskManager() throws Exception {
        // What taskmanager.sh does: BashJavaUtils prints the JVM memory flags and the dynamic
        // properties that the TaskManager must start with.
        List<String> params = java("bash-java-utils");
        params.add("org.apache.flink.runtime.util.bash.BashJavaUtils");
        params.addAll(List.of("GET_TM_RESOURCE_PARAMS", "--configDir", conf.toString()));
        Process utils =
                new ProcessBuilder(params)
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("log").resolve("bash-java-utils.out").toFile())
                        .start();
        if (!utils.waitFor(2, TimeUnit.MINUTES) || utils.exitValue() != 0) {
            throw new AssertionError(
                    "BashJavaUtils failed:\n"
                            + Files.readString(home.resolve("log").resolve("bash-java-utils.out")));
        }
        List<String> results =
                Files.readAllLines(home.resolve("log").resolve("bash-java-utils.out")).stream()
                        .filter(l -> l.startsWith(RESULT_PREFIX))
                        .map(l -> l.substring(RESULT_PREFIX.length()).trim())
                        .toList();
        if (results.size() != 2) {
            throw new AssertionError("BashJavaUtils printed " + results);
        }
        List<String> command = java("taskmanager");
        command.addAll(1, List.of(results.get(0).split(" ")));
        command.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        command.addAll(List.of("--configDir", conf.toString()));
        command.addAll(List.of(results.get(1).split(" ")));
        processes.put("taskmanager", start(command, "taskmanager"));
    }

    private void awaitTaskManager() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try {
                if (get("/overview").path("taskmanagers").asInt() >= 1) {
                    return;
                }
            } catch (IOException notYet) {
                // The REST endpoint is not up yet.
            }
            for (Map.Entry<String, Process> p : processes.entrySet()) {
                if (!p.getValue().isAlive()) {
                    throw new AssertionError(
                            "The "
                                    + p.getKey()
                                    + " exited with "
                                    + p.getValue().exitValue()
                                    + ":\n"
                                    + logs());
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No TaskManager registered within 2 minutes:\n" + logs());
    }

    /**
     * Runs {@code flink ARGS} (Flink's {@code CliFrontend}, as {@code bin/flink} does) with the
     * environment {@code env} on top of a clean one, and returns the started process; its output
     * goes to {@code output}.
     */
    Process flink(Map<String, String> env, Path output, String... args) throws IOException {
        return flinkIn(Path.of(""), env, output, args);
    }

    /** {@link #flink} with {@code directory} as the client's working directory. */
    Process flinkIn(Path directory, Map<String, String> env, Path output, String... args)
            throws IOException {
        List<String> command = java("client");
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(directory.toAbsolutePath().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ZOHO_") || k.startsWith("PULSE_"));
        builder.environment().put("FLINK_CONF_DIR", conf.toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * Writes {@code dir/flink}, a {@code bin/flink} of this cluster (its {@code CliFrontend}, its
     * classpath and configuration), so that a script that calls {@code flink} runs unchanged with
     * {@code dir} first on its {@code PATH}.
     */
    Path writeFlinkCommand(Path dir) throws IOException {
        List<String> command = java("client");
        command.add("org.apache.flink.client.cli.CliFrontend");
        StringBuilder script =
                new StringBuilder("#!/usr/bin/env bash\nexport FLINK_CONF_DIR=")
                        .append(quoted(conf.toString()))
                        .append("\nexec");
        command.forEach(part -> script.append(' ').append(quoted(part)));
        script.append(" \"$@\"\n");
        Files.createDirectories(dir);
        Path flink = dir.resolve("flink");
        Files.writeString(flink, script);
        if (!flink.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + flink + " executable");
        }
        return flink;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Waits until the job is in {@code state} or a terminal state, and returns the state. */
    String awaitState(String job, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String now = "";
        while (System.nanoTime() < deadline) {
            now = get("/jobs/" + job).path("state").asText();
            if (now.equals(state) || List.of("FAILED", "CANCELED", "FINISHED").contains(now)) {
                if (now.equals("FAILED")) {
                    throw new AssertionError(
                            "The job failed: "
                                    + get("/jobs/" + job + "/exceptions")
                                    + "\n"
                                    + logs());
                }
                return now;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The job is " + now + ", not " + state + "\n" + logs());
    }

    /** {@code GET} of the cluster's REST API, as JSON. */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    Path savepoints() {
        return home.resolve("savepoints");
    }

    /** The JobManager's and TaskManager's logs, for a failure message. */
    String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(home.resolve("log"))) {
            for (Path file : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                out.append("=== ").append(file.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 60), lines.size())
                        .forEach(l -> out.append(l).append('\n'));
            }
        }
        return out.toString();
    }

    private List<String> java(String logName) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Flink's env.java.opts.all on Java 17: the same --add-opens this test JVM runs with.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
                .forEach(command::add);
        command.add("-Dlog.file=" + home.resolve("log").resolve(logName + ".log"));
        command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        command.addAll(List.of("-cp", classpath));
        return command;
    }

    private Process start(List<String> command, String name) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("log").resolve(name + ".out").toFile())
                .start();
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
