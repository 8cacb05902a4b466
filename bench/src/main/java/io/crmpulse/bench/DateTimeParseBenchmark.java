package io.crmpulse.bench;

import io.crmpulse.zoho.model.ZohoDateTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The cost of reading one of Zoho's date-times ({@code 2026-03-04T09:15:30+05:30}): {@link
 * ZohoDateTime#parse} against {@link OffsetDateTime#parse}, which the job used before, over the
 * same texts (argument: millions of parses per round). Five rounds each, the first two to warm up;
 * ns per parse of the best measured round. A benchmark, not a test: it asserts nothing.
 *
 * <pre>
 * bench/run DateTimeParseBenchmark 5
 * </pre>
 */
public final class DateTimeParseBenchmark {

    private static final int ROUNDS = 5;
    private static final int WARM_UP_ROUNDS = 2;

    public static void main(String[] args) {
        int parses = (args.length > 0 ? Integer.parseInt(args[0]) : 5) * 1_000_000;
        Random random = new Random(1);
        DateTimeFormatter zoho = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
        String[] texts = new String[4096];
        for (int i = 0; i < texts.length; i++) {
            Instant instant = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextInt());
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-48, 57) * 15 * 60);
            texts[i] = zoho.format(instant.atOffset(offset));
        }
        BenchRun run = BenchRun.start(DateTimeParseBenchmark.class);
        for (Map.Entry<String, Function<String, Instant>> way :
                List.<Map.Entry<String, Function<String, Instant>>>of(
                        Map.entry("OffsetDateTime.parse", t -> OffsetDateTime.parse(t).toInstant()),
                        Map.entry("ZohoDateTime.parse", ZohoDateTime::parse))) {
            double best = Double.MAX_VALUE;
            long sink = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < parses; i++) {
                    sink += way.getValue().apply(texts[i & (texts.length - 1)]).getEpochSecond();
                }
                double nanos = (System.nanoTime() - start) / (double) parses;
                if (round >= WARM_UP_ROUNDS) {
                    best = Math.min(best, nanos);
                }
            }
            System.out.printf("%s: %.1f ns per parse (checksum %d)%n", way.getKey(), best, sink);
            run.record(way.getKey(), best, "ns/parse", Map.of("parses per round", parses));
        }
    }

    private DateTimeParseBenchmark() {}
}
