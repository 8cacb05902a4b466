package io.crmpulse.simulator;

import io.crmpulse.simulator.scenario.Scenario;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar zoho-simulator.jar --port 8088 --scenario demo}: runs the simulator until killed
 * and prints the environment variables that point CRM Pulse at it.
 */
@Command(
        name = "zoho-simulator",
        mixinStandardHelpOptions = true,
        description = "A local Zoho CRM (accounts endpoint and CRM API) over a generated CRM.")
public final class ZohoSimulatorMain implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description =
                    "IPv4 address to listen on (0.0.0.0: every interface, as in a container)."
                            + " Default: ${DEFAULT-VALUE}.")
    private String host;

    @Option(
            names = "--port",
            defaultValue = "8088",
            description = "Port (0: any free port). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(
            names = "--scenario",
            defaultValue = "demo",
            description = "backfill, demo, empty or scale. Default: ${DEFAULT-VALUE}.")
    private String scenario;

    @Option(
            names = "--leads",
            description =
                    "Live leads of --scenario scale (about). Default: "
                            + Scenario.DEFAULT_SCALE_LEADS
                            + ".")
    private Integer leads;

    @Option(
            names = "--deals",
            description =
                    "Live deals of --scenario scale (about). Default: "
                            + Scenario.DEFAULT_SCALE_DEALS
                            + ".")
    private Integer deals;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the generated CRM. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(
            names = "--time-zone",
            defaultValue = "UTC",
            description = "The API user's time zone (IANA). Default: ${DEFAULT-VALUE}.")
    private ZoneId timeZone;

    @Option(
            names = "--client-id",
            defaultValue = "demo-client",
            description = "Accepted client id.")
    private String clientId;

    @Option(
            names = "--client-secret",
            defaultValue = "demo-secret",
            description = "Accepted client secret.")
    private String clientSecret;

    @Option(
            names = "--refresh-token",
            defaultValue = "demo-refresh",
            description = "Accepted refresh token.")
    private String refreshToken;

    public static void main(String[] args) {
        // Our own file, not log4j2.xml: the jar is also a test dependency of other modules,
        // whose own logging configuration must win there.
        if (System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "zoho-simulator-log4j2.xml");
        }
        int exitCode = new CommandLine(new ZohoSimulatorMain()).execute(args);
        System.exit(exitCode);
    }

    private Scenario scenario() {
        try {
            Scenario named = Scenario.named(scenario);
            if (!named.name().equals("scale")) {
                if (leads != null || deals != null) {
                    throw new IllegalArgumentException(
                            (leads != null ? "--leads" : "--deals")
                                    + " applies only to --scenario scale, not to "
                                    + named.name());
                }
                return named;
            }
            return Scenario.scale(
                    leads != null ? leads : Scenario.DEFAULT_SCALE_LEADS,
                    deals != null ? deals : Scenario.DEFAULT_SCALE_DEALS);
        } catch (IllegalArgumentException wrong) {
            throw new ParameterException(spec.commandLine(), wrong.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Scenario chosen = scenario();
        ZohoSimulator simulator;
        try {
            simulator =
                    ZohoSimulator.builder()
                            .scenario(chosen)
                            .seed(seed)
                            .userTimeZone(timeZone)
                            .host(host)
                            .port(port)
                            .credentials(clientId, clientSecret, refreshToken)
                            .start();
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println(e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    simulator.close();
                                    stopped.countDown();
                                },
                                "zoho-sim-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("ZOHO_ACCOUNTS_URL=" + simulator.baseUrl());
        out.println("ZOHO_API_DOMAIN=" + simulator.baseUrl());
        out.println("ZOHO_CLIENT_ID=" + simulator.clientId());
        out.println("ZOHO_CLIENT_SECRET=" + simulator.clientSecret());
        out.println("ZOHO_REFRESH_TOKEN=" + simulator.refreshToken());
        out.flush();
        LoggerFactory.getLogger(ZohoSimulatorMain.class)
                .debug("Serving until the process is stopped");
        stopped.await();
        return 0;
    }
}
