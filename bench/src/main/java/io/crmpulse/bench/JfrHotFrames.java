package io.crmpulse.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a flight recording's CPU went: its {@code jdk.ExecutionSample}s by thread (Flink names a
 * task's thread after its operator chain) and by top frame, and the top frames of our own code. JDK
 * 17's {@code jfr} tool has no {@code view} command to say this.
 *
 * <pre>
 * bench/run JfrHotFrames /tmp/job.jfr [top=15]
 * </pre>
 */
public final class JfrHotFrames {

    /** What a recording's samples add up to. */
    public record Summary(
            long samples,
            List<Map.Entry<String, Long>> byThread,
            List<Map.Entry<String, Long>> byTopFrame,
            List<Map.Entry<String, Long>> byTopCrmPulseFrame) {

        /** The summary as lines of text, each count with its share of all samples. */
        public String describe() {
            StringBuilder text = new StringBuilder();
            text.append(samples).append(" execution samples\n");
            section(text, "by thread", byThread);
            section(text, "by top frame", byTopFrame);
            section(text, "by the top io.crmpulse frame on the stack", byTopCrmPulseFrame);
            return text.toString();
        }

        private void section(StringBuilder text, String title, List<Map.Entry<String, Long>> rows) {
            text.append("  ").append(title).append(":\n");
            for (Map.Entry<String, Long> row : rows) {
                text.append(
                        String.format(
                                Locale.ROOT,
                                "    %5.1f%%  %6d  %s%n",
                                100.0 * row.getValue() / Math.max(1, samples),
                                row.getValue(),
                                row.getKey()));
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: bench/run JfrHotFrames <recording.jfr> [top]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        System.out.print(summarize(Path.of(args[0]), top).describe());
    }

    /** The {@code top} threads and frames of the recording at {@code jfr}. */
    public static Summary summarize(Path jfr, int top) throws IOException {
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> byFrame = new HashMap<>();
        Map<String, Long> byOwnFrame = new HashMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(jfr)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                samples++;
                RecordedThread thread = event.getThread("sampledThread");
                byThread.merge(thread == null ? "?" : thread.getJavaName(), 1L, Long::sum);
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                byFrame.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
                stack.getFrames().stream()
                        .filter(f -> f.getMethod().getType().getName().startsWith("io.crmpulse."))
                        .findFirst()
                        .ifPresent(f -> byOwnFrame.merge(name(f), 1L, Long::sum));
            }
        }
        return new Summary(samples, top(byThread, top), top(byFrame, top), top(byOwnFrame, top));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int top) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    private JfrHotFrames() {}
}
