package io.crmpulse.job.config;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.twilio.TwilioSettings;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.source.ZohoSourceBuilder;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * Every environment variable the job reads (README, "Configuration"), each declared once with its
 * default and meaning, and whether it is a secret. The README's table of variables is generated
 * from these declarations ({@link SettingsDocs}). Variables of the Zoho source and the Twilio
 * sender keep their names in those modules, whose messages cite them.
 */
public final class PulseEnvironment {

    private PulseEnvironment() {}

    /**
     * One environment variable. Blank counts as unset.
     *
     * @param name e.g. {@code PULSE_POLL_INTERVAL}
     * @param defaultValue the value when unset, as it would be written; null when there is none
     * @param note for the README's default column: what unset means, or a remark on the default
     * @param description what it sets, one line
     * @param secret never logged nor shown in a message
     */
    public record Variable(
            String name,
            @Nullable String defaultValue,
            String note,
            String description,
            boolean secret) {

        public Variable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(note, "note");
            Objects.requireNonNull(description, "description");
        }

        /** The trimmed value, or null when unset or blank. */
        @Nullable
        public String get(Map<String, String> env) {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : value.strip();
        }

        /** The trimmed value, or the default when unset or blank. */
        @Nullable
        public String getOrDefault(Map<String, String> env) {
            String value = get(env);
            return value == null ? defaultValue : value;
        }

        /** Whether it is set to something not blank. */
        public boolean isSet(Map<String, String> env) {
            return get(env) != null;
        }
    }

    private static Variable plain(String name, String defaultValue, String description) {
        return new Variable(name, defaultValue, "", description, false);
    }

    public static final Variable ZOHO_CLIENT_ID =
            new Variable(
                    ZohoCredentials.CLIENT_ID_ENV,
                    null,
                    "required unless `--demo`",
                    "OAuth self-client: client id",
                    false);
    public static final Variable ZOHO_CLIENT_SECRET =
            new Variable(
                    ZohoCredentials.CLIENT_SECRET_ENV,
                    null,
                    "required unless `--demo`",
                    "OAuth self-client: client secret",
                    true);
    public static final Variable ZOHO_REFRESH_TOKEN =
            new Variable(
                    ZohoCredentials.REFRESH_TOKEN_ENV,
                    null,
                    "required unless `--demo`",
                    "OAuth self-client: refresh token",
                    true);
    public static final Variable ZOHO_ACCOUNTS_URL =
            plain(
                    ZohoClientConfig.ACCOUNTS_URL_ENV,
                    ZohoClientConfig.DEFAULT_ACCOUNTS_URL,
                    "accounts server of your data centre");
    public static final Variable ZOHO_API_DOMAIN =
            new Variable(
                    ZohoClientConfig.API_DOMAIN_ENV,
                    null,
                    "from the token response",
                    "API server; overrides the `api_domain` of the token response",
                    false);
    public static final Variable ZOHO_MODULES =
            plain("ZOHO_MODULES", "Leads,Deals", "modules to sync");
    public static final Variable POLL_INTERVAL =
            plain(
                    "PULSE_POLL_INTERVAL",
                    Durations.format(ZohoSourceBuilder.DEFAULT_POLL_INTERVAL),
                    "time between incremental polls (`30s`, `5m` or ISO-8601 `PT30S`)");
    public static final Variable TIMEZONE =
            plain(
                    "PULSE_TIMEZONE",
                    "UTC",
                    "business timezone (IANA, e.g. `Asia/Kolkata`) for days, business hours,"
                            + " quiet hours and the summary time");
    public static final Variable SUMMARY_TIME =
            new Variable(
                    "PULSE_SUMMARY_TIME",
                    "19:00",
                    "(`--demo`: 2 minutes after the start)",
                    "local time (24-hour `HH:MM`, in `PULSE_TIMEZONE`) at which the business day"
                            + " ends and its summary is written",
                    false);
    public static final Variable OLLAMA_BASE_URL =
            plain(
                    "OLLAMA_BASE_URL",
                    "http://localhost:11434",
                    "the Ollama server that writes the summary (its root: scheme, host, port)");
    public static final Variable OLLAMA_MODEL =
            plain("OLLAMA_MODEL", "llama3.2:1b", "the model it uses (`name:tag`)");
    public static final Variable CURRENCY =
            new Variable(
                    "PULSE_CURRENCY",
                    "INR",
                    "(`₹1,20,000`)",
                    "home currency of the amounts in alerts, the summary and the dashboard (ISO"
                            + " 4217, optionally with a locale: `EUR:de-DE`)",
                    false);
    public static final Variable JDBC_URL =
            new Variable(
                    "PULSE_JDBC_URL",
                    null,
                    "unset: an embedded PostgreSQL",
                    "PostgreSQL to write to, `jdbc:postgresql://HOST:PORT/DATABASE`",
                    false);
    public static final Variable DB_USER =
            new Variable("PULSE_DB_USER", "", "with `PULSE_JDBC_URL`", "its user", false);
    public static final Variable DB_PASSWORD =
            new Variable(
                    "PULSE_DB_PASSWORD",
                    "",
                    "with `PULSE_JDBC_URL`; empty when the server asks for none",
                    "its password",
                    true);
    public static final Variable STATE_DIR =
            plain(
                    "PULSE_STATE_DIR",
                    ".crm-pulse",
                    "local mode: the embedded database, its password and the checkpoints live"
                            + " here ([below](#the-local-database))");
    public static final Variable CHECKPOINT_INTERVAL =
            plain(
                    "PULSE_CHECKPOINT_INTERVAL",
                    "5s",
                    "how often the job checkpoints, at least 100ms; the tables are written at each"
                            + " checkpoint, so this is also how far they lag");
    public static final Variable STATE_BACKEND =
            new Variable(
                    "PULSE_STATE_BACKEND",
                    null,
                    "unset: `hashmap`, or on a cluster its own `state.backend.type`",
                    "where the job keeps its state: `hashmap` (the heap; each checkpoint writes"
                            + " all of it) or `rocksdb` (local disk, incremental checkpoints: for a"
                            + " CRM of hundreds of thousands of records; at 1,000,000 leads 42 MiB"
                            + " of heap against 1.2 GiB, 0.3 s checkpoints against 2.3 s, back 18 s"
                            + " after a crash against 134 s,"
                            + " [BENCHMARKS.md](BENCHMARKS.md#6-memory-state-and-recovery)); when"
                            + " set, it wins over a cluster's `state.backend.type`",
                    false);
    public static final Variable TWILIO_ACCOUNT_SID =
            new Variable(
                    TwilioSettings.ACCOUNT_SID_ENV,
                    null,
                    "unset: alerts and summaries stay in the outbox (`notifications`) as"
                            + " `dry_run` and are printed to the log",
                    "the Twilio account that alerts are sent from",
                    false);
    public static final Variable TWILIO_AUTH_TOKEN =
            new Variable(
                    TwilioSettings.AUTH_TOKEN_ENV,
                    null,
                    "required with `TWILIO_ACCOUNT_SID`",
                    "its auth token",
                    true);
    public static final Variable TWILIO_FROM_NUMBER =
            new Variable(
                    TwilioSettings.FROM_NUMBER_ENV,
                    null,
                    "required with `TWILIO_ACCOUNT_SID`",
                    "the WhatsApp sender (`+E164` or `whatsapp:+E164`)",
                    false);
    public static final Variable RECIPIENT_PHONE_NUMBER =
            new Variable(
                    TwilioSettings.RECIPIENTS_ENV,
                    null,
                    "required with Twilio; unset in a dry run: messages are printed for the"
                            + " pseudo-recipient `log`",
                    "who gets the alerts: one or more E.164 numbers, comma-separated",
                    false);
    public static final Variable TWILIO_CONTENT_SID =
            new Variable(
                    TwilioSettings.CONTENT_SID_ENV,
                    null,
                    "unset: free-form messages",
                    "an approved WhatsApp template (`HX...`); when set, every message is sent as"
                            + " it, which WhatsApp requires outside the 24-hour window; its"
                            + " variables are `{{1}}` a headline and `{{2}}` the details",
                    false);
    public static final Variable TWILIO_API_URL =
            plain(
                    TwilioSettings.API_URL_ENV,
                    TwilioSettings.DEFAULT_API_URL,
                    "Twilio's API (tests and proxies)");
    public static final Variable LOCAL_DB_PORT =
            plain("PULSE_LOCAL_DB_PORT", "54329", "port of the embedded PostgreSQL, on 127.0.0.1");
    public static final Variable PROMETHEUS_PORT =
            new Variable(
                    "PULSE_PROMETHEUS_PORT",
                    null,
                    "unset: no reporter",
                    "local mode: the port on which Flink's Prometheus reporter serves the job's"
                            + " metrics (`/metrics`, every interface); a cluster configures its"
                            + " own reporters ([Metrics](#metrics))",
                    false);

    public static final Variable DASHBOARD_HOST =
            new Variable(
                    "PULSE_DASHBOARD_HOST",
                    "127.0.0.1",
                    "(loopback: this machine only)",
                    "the address the dashboard listens on; any other than loopback requires"
                            + " `PULSE_DASHBOARD_TOKEN`",
                    false);
    public static final Variable DASHBOARD_PORT =
            plain("PULSE_DASHBOARD_PORT", "8080", "the dashboard's HTTP port");

    /**
     * The shortest {@code PULSE_DASHBOARD_TOKEN}: a shorter one could be guessed; 32 random hex
     * digits are 128 bits.
     */
    public static final int DASHBOARD_TOKEN_MIN_LENGTH = 32;

    public static final Variable DASHBOARD_TOKEN =
            new Variable(
                    "PULSE_DASHBOARD_TOKEN",
                    null,
                    "required unless the dashboard listens on loopback",
                    "the token every dashboard request must carry, at least "
                            + DASHBOARD_TOKEN_MIN_LENGTH
                            + " characters"
                            + " (`Authorization: Bearer ...`, or the cookie a link with"
                            + " `?token=...` sets)",
                    true);
    public static final Variable READER_PASSWORD =
            new Variable(
                    "PULSE_READER_PASSWORD",
                    null,
                    "local mode: a new one each run, known only to the process; with"
                            + " `PULSE_JDBC_URL` required for the dashboard",
                    "the password of `pulse_reader`, as which the dashboard reads"
                            + " `PULSE_JDBC_URL` ([The reader role](#the-reader-role))",
                    true);

    public static final Variable DASHBOARD_URL =
            new Variable(
                    "PULSE_DASHBOARD_URL",
                    null,
                    "unset: messages carry no link",
                    "the dashboard's address as a phone reaches it (absolute `http(s)://` URL,"
                            + " without a user name, query or fragment);"
                            + " each WhatsApp alert and summary then ends with a link to the view"
                            + " that explains it",
                    false);

    public static final Variable KAFKA_BOOTSTRAP_SERVERS =
            new Variable(
                    "PULSE_KAFKA_BOOTSTRAP_SERVERS",
                    null,
                    "required with `--source kafka` or `--alerts-topic`",
                    "the Kafka brokers (`host:port`, comma-separated) of the Debezium topics and"
                            + " the alerts topic",
                    false);
    public static final Variable KAFKA_PROPERTIES =
            new Variable(
                    "PULSE_KAFKA_PROPERTIES",
                    null,
                    "unset: plain connections",
                    "a Java properties file of more Kafka client settings, such as"
                            + " `security.protocol` and `sasl.jaas.config` (its values are never"
                            + " logged)",
                    false);

    /** Every variable, in the order of the README's table. */
    public static final List<Variable> VARIABLES =
            List.of(
                    ZOHO_CLIENT_ID,
                    ZOHO_CLIENT_SECRET,
                    ZOHO_REFRESH_TOKEN,
                    ZOHO_ACCOUNTS_URL,
                    ZOHO_API_DOMAIN,
                    ZOHO_MODULES,
                    POLL_INTERVAL,
                    TIMEZONE,
                    SUMMARY_TIME,
                    OLLAMA_BASE_URL,
                    OLLAMA_MODEL,
                    CURRENCY,
                    JDBC_URL,
                    DB_USER,
                    DB_PASSWORD,
                    STATE_DIR,
                    CHECKPOINT_INTERVAL,
                    STATE_BACKEND,
                    TWILIO_ACCOUNT_SID,
                    TWILIO_AUTH_TOKEN,
                    TWILIO_FROM_NUMBER,
                    RECIPIENT_PHONE_NUMBER,
                    TWILIO_CONTENT_SID,
                    TWILIO_API_URL,
                    LOCAL_DB_PORT,
                    PROMETHEUS_PORT,
                    DASHBOARD_HOST,
                    DASHBOARD_PORT,
                    DASHBOARD_TOKEN,
                    DASHBOARD_URL,
                    READER_PASSWORD,
                    KAFKA_BOOTSTRAP_SERVERS,
                    KAFKA_PROPERTIES);

    /**
     * The database that {@code PULSE_JDBC_URL}, {@code PULSE_DB_USER} and {@code PULSE_DB_PASSWORD}
     * name, or empty when {@code PULSE_JDBC_URL} is unset or blank.
     */
    public static Optional<JdbcSettings> database(Map<String, String> env) {
        String url = JDBC_URL.get(env);
        if (url == null) {
            return Optional.empty();
        }
        return Optional.of(
                new JdbcSettings(
                        url,
                        env.getOrDefault(DB_USER.name(), DB_USER.defaultValue()),
                        env.getOrDefault(DB_PASSWORD.name(), DB_PASSWORD.defaultValue())));
    }

    /**
     * The Kafka brokers and client settings of {@code PULSE_KAFKA_BOOTSTRAP_SERVERS} and {@code
     * PULSE_KAFKA_PROPERTIES}, or empty when no broker is named.
     *
     * @throws ConfigException naming the variable when the properties file cannot be read, or is
     *     set without brokers
     */
    public static Optional<KafkaConnection> kafka(Map<String, String> env) {
        String servers = KAFKA_BOOTSTRAP_SERVERS.get(env);
        String file = KAFKA_PROPERTIES.get(env);
        if (servers == null) {
            if (file != null) {
                throw new ConfigException(
                        KAFKA_PROPERTIES.name()
                                + " is set but "
                                + KAFKA_BOOTSTRAP_SERVERS.name()
                                + " is not: name the brokers, e.g. kafka:9092");
            }
            return Optional.empty();
        }
        Properties properties = new Properties();
        if (file != null) {
            try (Reader in = Files.newBufferedReader(Path.of(file))) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(
                        KAFKA_PROPERTIES.name() + "='" + file + "' cannot be read: " + e, e);
            }
        }
        return Optional.of(new KafkaConnection(servers, properties));
    }

    /**
     * {@code PULSE_CHECKPOINT_INTERVAL}.
     *
     * @throws ConfigException naming the variable when it is not a duration of at least 100ms
     */
    public static Duration checkpointInterval(Map<String, String> env) {
        String text = CHECKPOINT_INTERVAL.getOrDefault(env);
        Duration interval = Durations.parse(CHECKPOINT_INTERVAL.name(), text);
        if (interval.toMillis() < 100) {
            throw new ConfigException(
                    CHECKPOINT_INTERVAL.name()
                            + "='"
                            + env.get(CHECKPOINT_INTERVAL.name())
                            + "' must be at least 100ms");
        }
        return interval;
    }

    /**
     * {@code PULSE_STATE_BACKEND}, or empty when unset: then a cluster's {@code state.backend.type}
     * applies, and Flink's default, {@code hashmap}, where there is none.
     *
     * @throws ConfigException naming the variable when it is not a state backend
     */
    public static Optional<PulseStateBackend> stateBackend(Map<String, String> env) {
        String text = STATE_BACKEND.get(env);
        return text == null
                ? Optional.empty()
                : Optional.of(PulseStateBackend.parse(STATE_BACKEND.name(), text));
    }

    /** {@code PULSE_STATE_DIR}: where local mode keeps its database and checkpoints. */
    public static Path stateDirectory(Map<String, String> env) {
        return Path.of(STATE_DIR.getOrDefault(env));
    }

    /**
     * {@code PULSE_LOCAL_DB_PORT}.
     *
     * @throws ConfigException naming the variable when it is not a port number
     */
    public static int localDatabasePort(Map<String, String> env) {
        return port(LOCAL_DB_PORT, LOCAL_DB_PORT.getOrDefault(env), env);
    }

    /**
     * {@code PULSE_PROMETHEUS_PORT}, or empty when unset.
     *
     * @throws ConfigException naming the variable when it is not a port number
     */
    public static Optional<Integer> prometheusPort(Map<String, String> env) {
        String text = PROMETHEUS_PORT.get(env);
        return text == null ? Optional.empty() : Optional.of(port(PROMETHEUS_PORT, text, env));
    }

    /**
     * {@code PULSE_TIMEZONE}.
     *
     * @throws ConfigException naming the variable when it is not an IANA timezone
     */
    public static ZoneId timezone(Map<String, String> env) {
        String text = TIMEZONE.getOrDefault(env);
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new ConfigException(
                    TIMEZONE.name()
                            + "='"
                            + text
                            + "' is not an IANA timezone: use a name like Asia/Kolkata,"
                            + " America/Los_Angeles or UTC",
                    e);
        }
    }

    /**
     * {@code PULSE_CURRENCY}: how amounts, counts and rates read in alerts, the summary and the
     * dashboard.
     *
     * @throws ConfigException naming the variable when it is not a currency, or its locale not one
     */
    public static DisplayFormat display(Map<String, String> env) {
        return DisplayFormat.parse(CURRENCY.get(env));
    }

    /**
     * {@code PULSE_DASHBOARD_URL}: the links messages end with, none when unset.
     *
     * @throws ConfigException naming the variable when it is not an absolute http(s) URL, or has a
     *     user name, a query or a fragment; the message never repeats those parts, which may hold a
     *     secret
     */
    public static DashboardLinks dashboardLinks(Map<String, String> env) {
        String text = DASHBOARD_URL.get(env);
        if (text == null) {
            return DashboardLinks.NONE;
        }
        String allowed =
                ": write the address a phone opens the dashboard at, e.g."
                        + " https://pulse.example.com or http://192.168.1.20:8080";
        String shown = DASHBOARD_URL.name() + "='" + withoutSecrets(text) + "'";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // Not kept as the cause: its message repeats the whole value.
            throw new ConfigException(
                    shown
                            + " is not a URL ("
                            + e.getReason()
                            + " at index "
                            + e.getIndex()
                            + ")"
                            + allowed);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new ConfigException(shown + " is not an absolute http(s) URL" + allowed);
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(
                    shown
                            + " has a user name or password (`…@`), which every WhatsApp message"
                            + " would carry: remove it"
                            + allowed);
        }
        if (text.length() > DashboardLinks.MAX_BASE_LENGTH) {
            throw new ConfigException(
                    DASHBOARD_URL.name()
                            + " is "
                            + text.length()
                            + " characters long, over "
                            + DashboardLinks.MAX_BASE_LENGTH
                            + ": every WhatsApp message carries it"
                            + allowed);
        }
        if (uri.getRawQuery() != null) {
            throw new ConfigException(
                    shown + " has a query (`?…`), which the links replace" + allowed);
        }
        if (uri.getRawFragment() != null) {
            throw new ConfigException(
                    shown + " has a fragment (`#…`), which the links replace" + allowed);
        }
        return DashboardLinks.at(uri);
    }

    /** Greedy: a password may hold a '/', and a value that does not parse is cut all the same. */
    private static final Pattern USER_INFO = Pattern.compile("//.*@");

    /**
     * The value as a message may show it: a token in its query or a password before its host would
     * otherwise reach the logs.
     */
    private static String withoutSecrets(String url) {
        int end = url.length();
        for (char c : new char[] {'?', '#'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String shown = end < url.length() ? url.substring(0, end) + url.charAt(end) + "…" : url;
        return USER_INFO.matcher(shown).replaceFirst("//…@");
    }

    /**
     * {@code PULSE_DASHBOARD_PORT}.
     *
     * @throws ConfigException naming the variable when it is not a port number
     */
    public static int dashboardPort(Map<String, String> env) {
        return port(DASHBOARD_PORT, DASHBOARD_PORT.getOrDefault(env), env);
    }

    private static int port(Variable variable, String text, Map<String, String> env) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(
                    variable.name()
                            + "='"
                            + env.get(variable.name())
                            + "' must be a port number, 1 to 65535");
        }
        return port;
    }
}
