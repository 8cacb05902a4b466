package io.crmpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a benchmark: the machine, the date, the commit and the command it ran with, and the
 * figures it measured. Each figure is printed and appended as one JSON line to {@code
 * bench/results/<benchmark>.jsonl}, which {@code BENCHMARKS.md} quotes; nothing there is typed in
 * from memory.
 */
public final class BenchRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String benchmark;
    private final Map<String, Object> machine;
    private final Path results;

    private BenchRun(String benchmark, Map<String, Object> machine, Path results) {
        this.benchmark = benchmark;
        this.machine = machine;
        this.results = results;
    }

    /** Starts a run of {@code benchmark}, printing the machine it runs on. */
    public static BenchRun start(Class<?> benchmark) {
        Map<String, Object> machine = machine();
        BenchRun run =
                new BenchRun(
                        benchmark.getSimpleName(),
                        machine,
                        Path.of(System.getProperty("bench.results", "bench/results"))
                                .resolve(benchmark.getSimpleName() + ".jsonl"));
        System.out.printf("%s on %s%n", run.benchmark, machine);
        return run;
    }

    /**
     * Records one figure: its name ({@code "backfill records/s"}), value and unit, and the
     * parameters it was measured with (sizes, settings), in the order given.
     */
    public void record(String figure, double value, String unit, Map<String, ?> parameters) {
        ObjectNode line = JSON.createObjectNode();
        line.put("benchmark", benchmark);
        line.put("figure", figure);
        line.put("value", value);
        line.put("unit", unit);
        line.set("parameters", JSON.valueToTree(new LinkedHashMap<>(parameters)));
        line.set("machine", JSON.valueToTree(machine));
        // The machine's 1-minute load average when the figure was taken: a figure taken while
        // other work ran says so.
        line.put(
                "loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%s: %s %s %s%n", figure, format(value), unit, parameters);
        try {
            Files.createDirectories(results.getParent());
            Files.writeString(
                    results,
                    JSON.writeValueAsString(line) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + results, e);
        }
    }

    /** The median of {@code values}, the mean of the middle two for an even count. */
    public static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        machine.put("date", Instant.now().toString());
        machine.put("commit", command("git", "describe", "--always", "--dirty"));
        machine.put("command", System.getProperty("bench.command", "(unknown)"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("memoryGiB", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        machine.put(
                "java",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String command(String... command) {
        try {
            Process process =
                    new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0
                    ? out.trim()
                    : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
