package io.crmpulse.launcher;

import io.crmpulse.dashboard.DashboardServer;
import io.crmpulse.dashboard.DashboardSettings;
import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.DotEnv;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code java -jar crm-pulse.jar dashboard}: the dashboard alone, for a job that runs on a Flink
 * cluster (README, "The dashboard on a cluster"). It only reads the job's PostgreSQL as {@code
 * pulse_reader}, so it needs no Flink; it runs until SIGTERM or Ctrl-C.
 */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description =
                "Run only the dashboard: it reads PULSE_JDBC_URL as pulse_reader with"
                        + " PULSE_READER_PASSWORD and listens on"
                        + " PULSE_DASHBOARD_HOST:PULSE_DASHBOARD_PORT.")
final class DashboardCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardCommand.class);

    @Override
    public Integer call() throws InterruptedException {
        DashboardServer server;
        try {
            DashboardSettings settings =
                    DashboardSettings.fromEnvironment(
                            DotEnv.under(System.getenv(), Path.of(DotEnv.FILE)));
            server = DashboardStarter.start(settings);
        } catch (ConfigException e) {
            System.err.println("crm-pulse dashboard: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    LOG.info("Dashboard stopped");
                                    stopped.countDown();
                                },
                                "stop the dashboard"));
        stopped.await();
        return 0;
    }
}
