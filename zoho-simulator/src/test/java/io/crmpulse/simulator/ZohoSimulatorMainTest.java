package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ZohoSimulatorMainTest {

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
