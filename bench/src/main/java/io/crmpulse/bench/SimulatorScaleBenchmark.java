package io.crmpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.HttpZohoCrmClient;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import io.crmpulse.zoho.sync.ModulePoller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * What a simulated CRM of a given size costs: the time its JVM takes to build the world and serve,
 * the heap the world holds (after a full collection), and the time of a Get Records page of Leads
 * as a backfill reads it (the source's poller over the real HTTP client): the first call, which
 * also mints the access token and sorts the module for the world's version, and the pages after it,
 * which reuse that order.
 *
 * <pre>
 * bench/run SimulatorScaleBenchmark [leads=1000000] [deals=200000] [heap=3g] [pages=100]
 * </pre>
 */
public final class SimulatorScaleBenchmark {

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int deals = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        String heap = args.length > 2 ? args[2] : "3g";
        int pages = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Map<String, Object> parameters = Map.of("leads", leads, "deals", deals, "heap", heap);
        BenchRun run = BenchRun.start(SimulatorScaleBenchmark.class);
        try (SimulatorProcess zoho = SimulatorProcess.start(leads, deals, heap, null);
                HttpZohoCrmClient client =
                        new HttpZohoCrmClient(
                                ZohoClientConfig.of(zoho.baseUrl(), null),
                                ZohoCredentials.of(
                                        zoho.clientId(), zoho.clientSecret(), zoho.refreshToken()),
                                Clock.systemUTC(),
                                null)) {
            run.record(
                    "simulator start (world built, serving)",
                    zoho.startup().toMillis() / 1000.0,
                    "s",
                    parameters);
            run.record(
                    "simulator live heap",
                    zoho.liveHeapBytes() / (1024.0 * 1024),
                    "MiB",
                    parameters);

            Duration overlap = Duration.ofSeconds(60);
            ModulePoller poller =
                    new ModulePoller(
                            ZohoModule.of("Leads"),
                            new ZohoModuleSplitState(ZohoModuleSplit.initial("Leads"), overlap),
                            overlap);
            // The first call also mints the access token and sorts the module.
            long[] nanos = new long[pages + 1];
            for (int i = 0; i <= pages && (i == 0 || poller.isPolling()); i++) {
                long started = System.nanoTime();
                poller.step(client, Instant.now());
                nanos[i] = System.nanoTime() - started;
            }
            long[] later = Arrays.copyOfRange(nanos, 1, pages + 1);
            Arrays.sort(later);
            run.record(
                    "first Get Records call of Leads (access token, sort, page 1)",
                    nanos[0] / 1e6,
                    "ms",
                    parameters);
            run.record(
                    "Get Records page of Leads after the first, median of " + pages,
                    later[later.length / 2] / 1e6,
                    "ms",
                    parameters);
            JsonNode stats = zoho.stats();
            run.record(
                    "simulator serving time per Get Records call",
                    stats.at("/servingMillis").asDouble()
                            / Math.max(1, stats.at("/recordsCalls/Leads").asLong()),
                    "ms",
                    parameters);
        }
    }

    private SimulatorScaleBenchmark() {}
}
