package io.crmpulse.zoho;

import io.crmpulse.zoho.client.ZohoCallListener;
import io.crmpulse.zoho.client.ZohoCrmClient;
import java.io.Serializable;

/**
 * Creates the Zoho client where the source runs (on the task manager), so that no connection or
 * token is ever serialized with the job graph. Tests hand the source a factory of fakes.
 */
@FunctionalInterface
public interface ZohoClientFactory extends Serializable {

    /**
     * @param listener told of every HTTP call the client makes, for the source's metrics
     */
    ZohoCrmClient create(ZohoCallListener listener);
}
