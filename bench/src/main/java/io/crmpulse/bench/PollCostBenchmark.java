package io.crmpulse.bench;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.api.SimulatorStats;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.HttpZohoCrmClient;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import io.crmpulse.zoho.sync.ModulePoller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an incremental poll of Leads costs in Zoho calls after k changes, against the minimum of
 * ceil(k/200) Get Records pages plus one deletions call: the source's {@link ModulePoller} over the
 * real HTTP client, counted by the simulator (fixed clock, {@code scale} scenario). For each
 * overlap, one poller reads the backfill, then for each k: five minutes later three edits and a
 * poll (so the overlap holds a few records), five minutes later a mass transfer of k leads in one
 * second and the poll that is counted.
 *
 * <pre>
 * bench/run PollCostBenchmark [leads=20000] [ks=0,1,199,200,201,1000,2500,5000,10000] [overlaps=60,0]
 * </pre>
 */
public final class PollCostBenchmark {

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int[] ks = ints(args.length > 1 ? args[1] : "0,1,199,200,201,1000,2500,5000,10000");
        int[] overlaps = ints(args.length > 2 ? args[2] : "60,0");
        BenchRun run = BenchRun.start(PollCostBenchmark.class);
        System.out.printf(
                "%8s %6s %8s %8s %9s %6s %8s %6s%n",
                "overlap", "k", "o", "records", "deletions", "token", "minimum", "ratio");
        for (int overlapSeconds : overlaps) {
            Duration overlap = Duration.ofSeconds(overlapSeconds);
            SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            try (ZohoSimulator zoho =
                            ZohoSimulator.builder()
                                    .scenario(Scenario.scale(leads, leads / 5))
                                    .clock(clock)
                                    .port(0)
                                    .start();
                    HttpZohoCrmClient client =
                            new HttpZohoCrmClient(
                                    ZohoClientConfig.of(zoho.baseUrl(), null),
                                    ZohoCredentials.of(
                                            zoho.clientId(),
                                            zoho.clientSecret(),
                                            zoho.refreshToken()),
                                    Clock.systemUTC(),
                                    null)) {
                ModulePoller poller =
                        new ModulePoller(
                                ZohoModule.of("Leads"),
                                new ZohoModuleSplitState(ZohoModuleSplit.initial("Leads"), overlap),
                                overlap);
                pollToEnd(poller, client, clock);
                for (int k : ks) {
                    clock.advance(Duration.ofMinutes(5));
                    zoho.world().editLeads(3);
                    pollToEnd(poller, client, clock);
                    Instant resumeFrom = poller.state().records().resumeFrom();
                    clock.advance(Duration.ofMinutes(5));
                    Set<String> changed = Set.copyOf(zoho.world().bulkEditLeads(k));
                    // The records the poll re-reads behind its cursor besides the k changes.
                    long reread =
                            zoho.truth().liveRecords("Leads").entrySet().stream()
                                    .filter(e -> !changed.contains(e.getKey()))
                                    .filter(e -> !e.getValue().isBefore(resumeFrom))
                                    .count();
                    zoho.stats().reset();
                    int emitted = pollToEnd(poller, client, clock);
                    record(run, zoho.stats(), overlapSeconds, k, changed.size(), emitted, reread);
                }
            }
        }
    }

    private static void record(
            BenchRun run,
            SimulatorStats stats,
            int overlapSeconds,
            int k,
            int changed,
            int emitted,
            long reread) {
        long records = stats.recordsCalls("Leads");
        long deletions = stats.deletedCalls("Leads");
        long tokens = stats.tokenCalls();
        long minimum = (k + 199) / 200 + 1;
        double ratio = (double) (records + deletions + tokens) / minimum;
        System.out.printf(
                "%7ds %6d %8d %8d %9d %6d %8d %6.2f%n",
                overlapSeconds, k, reread, records, deletions, tokens, minimum, ratio);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("module", "Leads");
        parameters.put("k", k);
        parameters.put("overlapSeconds", overlapSeconds);
        parameters.put("changed", changed);
        parameters.put("emitted", emitted);
        parameters.put("rereadInOverlap", reread);
        parameters.put("recordsCalls", records);
        parameters.put("deletionsCalls", deletions);
        parameters.put("tokenCalls", tokens);
        parameters.put("minimum", minimum);
        run.record("calls per incremental poll / minimum", ratio, "ratio", parameters);
    }

    private static int pollToEnd(ModulePoller poller, HttpZohoCrmClient client, SimClock clock) {
        int emitted = 0;
        do {
            for (SyncEvent event : poller.step(client, clock.instant())) {
                if (event instanceof SyncEvent.Emitted) {
                    emitted++;
                }
            }
        } while (poller.isPolling());
        return emitted;
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private PollCostBenchmark() {}
}
