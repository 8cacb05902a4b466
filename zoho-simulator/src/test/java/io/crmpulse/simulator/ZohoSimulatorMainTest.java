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

    @Test
    void refusesASizeForAScenarioOtherThanScale() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ZohoSimulatorMain());
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("--port", "0", "--scenario", "backfill", "--leads", "10");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("--leads applies only to --scenario scale, not to backfill");
    }

    @Test
    void refusesANegativeScale() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ZohoSimulatorMain());
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("--port", "0", "--scenario", "scale", "--deals", "-1");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("leads 1000000, deals -1");
    }

    @Test
    void withHostZeroItListensOnEveryInterfaceAndNamesLoopbackAsItsUrl() throws Exception {
        java.net.InetAddress external =
                java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
                        .stream()
                        .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                        .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                        .findFirst()
                        .orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                external != null, "this machine has no IPv4 address besides loopback");
        try (ZohoSimulator everywhere = ZohoSimulator.builder().host("0.0.0.0").port(0).start();
                ZohoSimulator loopback = ZohoSimulator.builder().port(0).start()) {
            assertThat(everywhere.baseUrl()).isEqualTo("http://127.0.0.1:" + everywhere.port());
            assertThat(connects(external, everywhere.port())).isTrue();
            assertThat(connects(external, loopback.port()))
                    .as("by default only 127.0.0.1")
                    .isFalse();
        }
    }

    private static boolean connects(java.net.InetAddress address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 2_000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }
}
