package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ZohoSimulatorMainTest {

    @Test
    void reportsABusyPortInOneLineAndExitCode1() throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            StringWriter err = new StringWriter();
            CommandLine command = new CommandLine(new ZohoSimulatorMain());
            command.setErr(new PrintWriter(err));

            int exitCode =
                    command.execute(
                            "--port",
                            Integer.toString(taken.getLocalPort()),
                            "--scenario",
                            "empty");

            assertThat(exitCode).isEqualTo(1);
            assertThat(err.toString())
                    .startsWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("choose another port");
        }
    }

    @Test
    void rejectsAnUnknownScenarioWithTheValidNamesAndExitCode2() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ZohoSimulatorMain());
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("--port", "0", "--scenario", "nightly");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown scenario 'nightly': valid scenarios are backfill, demo, empty");
    }
}
