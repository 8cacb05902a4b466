package io.crmpulse.zoho.testutils;

import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.zoho.client.HttpZohoCrmClient;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import java.time.Clock;

/** The real HTTP client, pointed at a running simulator with its self-client's credentials. */
public final class SimulatorClients {

    private SimulatorClients() {}

    public static HttpZohoCrmClient httpClient(ZohoSimulator zoho) {
        return new HttpZohoCrmClient(
                ZohoClientConfig.of(zoho.baseUrl(), null),
                ZohoCredentials.of(zoho.clientId(), zoho.clientSecret(), zoho.refreshToken()),
                Clock.systemUTC(),
                null);
    }
}
