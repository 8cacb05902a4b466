package io.crmpulse.common.http;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The OkHttp client of our own HTTP clients (Zoho, Ollama): one library, one set of defaults.
 *
 * <ul>
 *   <li>Every request names CRM Pulse in its {@code User-Agent}, so that a server's logs tell our
 *       calls from other OkHttp users'.
 *   <li>The threads of asynchronous calls are daemons: an idle dispatcher thread never keeps a
 *       finished local run's JVM alive (OkHttp's own are not daemons and linger a minute).
 * </ul>
 */
public final class OkHttpClients {

    /** What every request of ours says it is. */
    public static final String USER_AGENT = "crm-pulse";

    private OkHttpClients() {}

    /**
     * A builder with our defaults and these timeouts; the caller may add its own (interceptors, its
     * retry choice) before {@code build()}.
     *
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout how long to wait for the next bytes of a response, and to write a request
     * @param callTimeout the most one call may take, retries and redirects included
     */
    public static OkHttpClient.Builder builder(
            Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
        return new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .callTimeout(callTimeout)
                .dispatcher(new Dispatcher(daemonPool()))
                .addInterceptor(
                        chain ->
                                chain.proceed(
                                        chain.request()
                                                .newBuilder()
                                                .header("User-Agent", USER_AGENT)
                                                .build()));
    }

    /** OkHttp's own dispatcher pool, with daemon threads. */
    private static ThreadPoolExecutor daemonPool() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons =
                r -> {
                    Thread t = new Thread(r, "crm-pulse-okhttp-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
        return new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemons);
    }
}
