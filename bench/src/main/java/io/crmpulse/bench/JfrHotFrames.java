package io.crmpulse.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went in a JFR recording: {@code jdk.ExecutionSample} events counted by thread
 * (Flink names a task thread after its operator chain) and by top frame. JDK 17's {@code jfr} tool
 * has no {@code view} command, hence this. Run alone: {@code bench/run JfrHotFrames file.jfr
 * [top]}.
 */
public final class JfrHotFrames {

    /** The samples counted by thread and by top method. */
    public record Summary(long samples, Map<String, Long> byThread, Map<String, Long> byTopFrame) {

        /** The {@code top} largest entries of each count, with their share of all samples. */
        public String format(int top) {
            StringBuilder out = new StringBuilder();
            out.append(samples).append(" execution samples\nby thread:\n");
            append(out, byThread, top);
            out.append("by top frame:\n");
            append(out, byTopFrame, top);
            return out.toString();
        }

        private void append(StringBuilder out, Map<String, Long> counts, int top) {
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(top)
                    .forEach(
                            e ->
                                    out.append(
                                            String.format(
                                                    "  %5.1f%%  %s%n",
                                                    100.0 * e.getValue() / Math.max(1, samples),
                                                    e.getKey())));
        }
    }

    public static void main(String[] args) throws IOException {
        System.out.print(
                summarise(Path.of(args[0]))
                        .format(args.length > 1 ? Integer.parseInt(args[1]) : 25));
    }

    /** Reads every execution sample of {@code recording}. */
    public static Summary summarise(Path recording) throws IOException {
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> byTopFrame = new HashMap<>();
        long samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                    continue;
                }
                samples++;
                String thread =
                        event.getThread("sampledThread") == null
                                ? "?"
                                : threadGroup(event.getThread("sampledThread").getJavaName());
                byThread.merge(thread, 1L, Long::sum);
                RecordedStackTrace stack = event.getStackTrace();
                List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
                String top =
                        frames.isEmpty()
                                ? "?"
                                : frames.get(0).getMethod().getType().getName()
                                        + "."
                                        + frames.get(0).getMethod().getName();
                byTopFrame.merge(top, 1L, Long::sum);
            }
        }
        return new Summary(samples, byThread, byTopFrame);
    }

    /**
     * A task thread's name without its subtask and attempt ({@code (1/2)#0}), so subtasks add up.
     */
    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "");
    }

    private JfrHotFrames() {}
}
