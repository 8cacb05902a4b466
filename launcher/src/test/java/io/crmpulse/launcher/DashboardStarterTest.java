package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.dashboard.DashboardSettings;
import io.crmpulse.job.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which variable {@link DashboardStarter#checkCanListen} names when the dashboard cannot listen.
 */
class DashboardStarterTest {

    /** Long enough for any length the dashboard requires of a token. */
    private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef";

    private static DashboardSettings listeningOn(String host, int port) {
        // A token lets a host other than loopback through DashboardSettings' own check.
        return DashboardSettings.fromEnvironment(
                Map.of(
                        "PULSE_JDBC_URL",
                        "jdbc:postgresql://127.0.0.1:1/pulse",
                        "PULSE_DASHBOARD_HOST",
                        host,
                        "PULSE_DASHBOARD_PORT",
                        String.valueOf(port),
                        "PULSE_DASHBOARD_TOKEN",
                        TOKEN));
    }

    @Test
    void aPortAnotherProgramHoldsNamesThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

            assertThatThrownBy(
                            () ->
                                    DashboardStarter.checkCanListen(
                                            listeningOn("127.0.0.1", taken.getLocalPort())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(
                            "PULSE_DASHBOARD_PORT: port "
                                    + taken.getLocalPort()
                                    + " of 127.0.0.1, where the dashboard listens, is taken by"
                                    + " another program (")
                    .hasMessageEndingWith("): stop it, or set PULSE_DASHBOARD_PORT to a free port")
                    .hasMessageNotContaining("PULSE_DASHBOARD_HOST");
        }
    }

    @Test
    void anAddressThisMachineDoesNotHaveNamesTheHost() throws IOException {
        int free = freePort();

        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no machine has it.
        assertThatThrownBy(() -> DashboardStarter.checkCanListen(listeningOn("192.0.2.1", free)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_DASHBOARD_HOST='192.0.2.1' is not an address of this machine (no"
                                + " network interface of this machine has 192.0.2.1): set it to"
                                + " 127.0.0.1, 0.0.0.0 (every address) or one of this machine's"
                                + " addresses");
    }

    @Test
    void anUnknownHostNameNamesTheHost() throws IOException {
        int free = freePort();

        // .invalid never resolves (RFC 2606).
        assertThatThrownBy(
                        () ->
                                DashboardStarter.checkCanListen(
                                        listeningOn("dashboard.invalid", free)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_DASHBOARD_HOST='dashboard.invalid' is not an address of this"
                                + " machine (unknown host): set it to 127.0.0.1, 0.0.0.0 (every"
                                + " address) or one of this machine's addresses");
    }

    @Test
    void aFreePortOnEveryAddressOrOnLoopbackPasses() throws IOException {
        int free = freePort();

        DashboardStarter.checkCanListen(listeningOn("0.0.0.0", free));
        DashboardStarter.checkCanListen(listeningOn("127.0.0.1", free));

        // The check let the port go again.
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), free));
            assertThat(again.getLocalPort()).isEqualTo(free);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
