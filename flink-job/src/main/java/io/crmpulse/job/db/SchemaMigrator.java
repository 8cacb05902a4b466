package io.crmpulse.job.db;

import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.jdbc.JdbcUrls;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the job's PostgreSQL schema up to date at start: applies the versioned migrations of
 * {@code sql/postgres} (packaged as {@code classpath:db/migration}) with Flyway, and tells the
 * database the business timezone so that its views count days as the job does.
 *
 * <p>Migrating an up-to-date schema changes nothing. A database that cannot be reached, or that
 * refuses the user, stops the job with a {@link DatabaseConnectionException} naming the setting to
 * fix. A read-only role {@code pulse_reader} that can do more than read the metrics stops it with a
 * {@link io.crmpulse.job.config.ConfigException} that says how to take back the rest ({@link
 * ReaderRole}).
 */
public final class SchemaMigrator {

    /** Where the migrations are on the classpath, in tests and in {@code crm-pulse.jar}. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    /**
     * The database setting that holds the business timezone; {@code v_alerts_today} reads it.
     * Custom settings need a dotted name, which no PostgreSQL setting of its own has.
     */
    public static final String TIMEZONE_SETTING = "pulse.timezone";

    /** The migration that creates {@code pulse_reader} (V1__crm_pulse_schema.sql). */
    private static final MigrationVersion READER_ROLE_CREATED = MigrationVersion.fromVersion("1");

    /**
     * Builds before 0.1.0 migrated in ten steps, {@code V1} to {@code V10}, which {@code V1} now
     * makes in one with the same result: the scripts of steps 2 to 10, by which a history of theirs
     * is told from a later build's own {@code V2}.
     */
    static final List<String> PRE_RELEASE_STEPS =
            List.of(
                    "V2__dashboard_views.sql",
                    "V3__reader_role.sql",
                    "V4__updated_at_by_trigger.sql",
                    "V5__notifications.sql",
                    "V6__alerts.sql",
                    "V7__ai_summary_verdict.sql",
                    "V8__dry_run_recipient.sql",
                    "V9__wider_money_sums.sql",
                    "V10__reader_role_explicit_grants.sql");

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final JdbcSettings db;
    private final ZoneId businessZone;

    /**
     * @param db where the database is
     * @param businessZone {@code PULSE_TIMEZONE}, the zone in which the job's days begin
     */
    public SchemaMigrator(JdbcSettings db, ZoneId businessZone) {
        this.db = Objects.requireNonNull(db, "db");
        this.businessZone = Objects.requireNonNull(businessZone, "businessZone");
    }

    /** What {@link #migrate()} did. */
    public record Result(String schemaVersion, int migrationsApplied) {}

    /**
     * Applies the migrations the database does not have yet.
     *
     * @throws DatabaseConnectionException if the database cannot be reached or refuses the user
     * @throws io.crmpulse.job.config.ConfigException if {@code pulse_reader} may do more than read
     *     the metrics tables and dashboard views
     * @throws org.flywaydb.core.api.FlywayException if a migration fails or an applied one was
     *     changed
     */
    public Result migrate() {
        PGSimpleDataSource dataSource = dataSource(db);
        checkConnection(dataSource);

        // The job's own class loader: under `flink run` it is the user-code class loader, the
        // one that sees the migrations inside the job jar.
        Flyway flyway =
                Flyway.configure(SchemaMigrator.class.getClassLoader())
                        .dataSource(dataSource)
                        .locations(MIGRATIONS_LOCATION)
                        .failOnMissingLocations(true)
                        .loggers("slf4j")
                        .load();
        adoptPreReleaseHistory(flyway, dataSource);
        // A pulse_reader that exists before V1 would create it is someone else's.
        if (Arrays.stream(flyway.info().applied())
                .noneMatch(m -> READER_ROLE_CREATED.equals(m.getVersion()))) {
            checkReaderRole(() -> ReaderRole.refuseIfTakenBySomeoneElse(dataSource));
        }
        MigrateResult migration = flyway.migrate();
        checkReaderRole(() -> ReaderRole.refuseMoreThanReading(dataSource));
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "none" : current.getVersion().getVersion();
        if (migration.migrationsExecuted > 0) {
            LOG.info(
                    "PostgreSQL schema migrated from version {} to {} ({} migrations) at {}",
                    migration.initialSchemaVersion == null
                            ? "none"
                            : migration.initialSchemaVersion,
                    version,
                    migration.migrationsExecuted,
                    db.redactedUrl());
        } else {
            LOG.info(
                    "PostgreSQL schema is up to date at version {} at {}",
                    version,
                    db.redactedUrl());
        }
        publishBusinessZone(dataSource);
        return new Result(version, migration.migrationsExecuted);
    }

    /**
     * A database that a pre-release build brought to {@code V10} has the schema of today's {@code
     * V1}: its history becomes the one migration ({@code V2} to {@code V10} leave it, so that a
     * later {@code V2} is not taken for the old one, and Flyway's repair takes {@code V1}'s new
     * checksum), so that an upgrade keeps the local database, its tables and the checkpoints that
     * match them. One left between two of those steps is refused, with what to do.
     */
    private void adoptPreReleaseHistory(Flyway flyway, PGSimpleDataSource dataSource) {
        List<String> steps =
                Arrays.stream(flyway.info().applied())
                        .filter(m -> m.getState().isApplied() && !m.getState().isFailed())
                        .map(MigrationInfo::getScript)
                        .filter(PRE_RELEASE_STEPS::contains)
                        .toList();
        if (steps.isEmpty()) {
            return;
        }
        if (!steps.contains(PRE_RELEASE_STEPS.get(PRE_RELEASE_STEPS.size() - 1))) {
            throw new IllegalStateException(
                    "The schema at "
                            + db.redactedUrl()
                            + " was made by a pre-release build of CRM Pulse (migrations up to"
                            + " version "
                            + flyway.info().current().getVersion()
                            + ") that this build cannot take over: migrate it with that build to"
                            + " version 10 first, or start on an empty database (for the embedded"
                            + " one, delete PULSE_STATE_DIR/postgres and PULSE_STATE_DIR/checkpoints)");
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete =
                        c.prepareStatement(
                                "DELETE FROM "
                                        + flyway.getConfiguration().getTable()
                                        + " WHERE script = ANY (?)")) {
            delete.setArray(1, c.createArrayOf("text", PRE_RELEASE_STEPS.toArray()));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseConnectionException(connectionFailureMessage(db, e), e);
        }
        flyway.repair();
        LOG.info(
                "PostgreSQL schema of a pre-release build (versions 1 to 10) at {} is today's"
                        + " version 1; its migration history is realigned",
                db.redactedUrl());
    }

    /** A look at the catalog that may fail. */
    private interface CatalogCheck {
        void run() throws SQLException;
    }

    private void checkReaderRole(CatalogCheck check) {
        try {
            check.run();
        } catch (SQLException e) {
            throw new DatabaseConnectionException(
                    "Could not check the privileges of the role "
                            + ReaderRole.NAME
                            + " in PostgreSQL at "
                            + db.redactedUrl()
                            + ": "
                            + JdbcUrls.redact(String.valueOf(e.getMessage())),
                    e);
        }
    }

    private PGSimpleDataSource dataSource(JdbcSettings settings) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setUrl(settings.url());
        } catch (IllegalArgumentException e) {
            // The driver's own message repeats the URL, password included.
            throw new DatabaseConnectionException(
                    PulseEnvironment.JDBC_URL.name()
                            + "='"
                            + settings.redactedUrl()
                            + "' is not a PostgreSQL JDBC URL: expected"
                            + " jdbc:postgresql://HOST:PORT/DATABASE",
                    null);
        }
        dataSource.setUser(settings.user());
        if (!settings.password().isEmpty()) {
            dataSource.setPassword(settings.password());
        }
        return dataSource;
    }

    private void checkConnection(PGSimpleDataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            LOG.debug(
                    "Connected to {} {}",
                    connection.getMetaData().getDatabaseProductName(),
                    connection.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            throw new DatabaseConnectionException(connectionFailureMessage(db, e), e);
        }
    }

    /** A message for a failed connection that says which setting to check; never the password. */
    static String connectionFailureMessage(JdbcSettings db, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = JdbcUrls.redact(String.valueOf(e.getMessage()));
        String where = "PostgreSQL at " + db.redactedUrl();
        if (state.startsWith("28")) {
            return where
                    + " refused user '"
                    + db.user()
                    + "': "
                    + reason
                    + ". Check "
                    + PulseEnvironment.DB_USER.name()
                    + " and "
                    + PulseEnvironment.DB_PASSWORD.name()
                    + " (and "
                    + PulseEnvironment.JDBC_URL.name()
                    + ", if it names the wrong server)";
        }
        if (state.equals("3D000")) {
            return where
                    + ": "
                    + reason
                    + ". Create the database, or set "
                    + PulseEnvironment.JDBC_URL.name()
                    + " to one that exists";
        }
        return "Cannot connect to "
                + where
                + ": "
                + reason
                + ". Check "
                + PulseEnvironment.JDBC_URL.name()
                + " and that the server is running and accepts connections from here";
    }

    private void publishBusinessZone(PGSimpleDataSource dataSource) {
        String zone = postgresZoneName(businessZone);
        if (zone == null) {
            LOG.warn(
                    "PULSE_TIMEZONE {} is a fixed offset, which PostgreSQL reads with the opposite"
                            + " sign; v_alerts_today counts days in the session time zone. Use a"
                            + " region such as Asia/Kolkata",
                    businessZone);
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!isKnownZone(connection, zone)) {
                LOG.warn(
                        "PostgreSQL does not know the time zone {}; v_alerts_today counts days in"
                                + " the session time zone",
                        zone);
                return;
            }
            if (zone.equals(currentSetting(connection))) {
                return;
            }
            String alter;
            try (PreparedStatement format =
                    connection.prepareStatement(
                            "SELECT format('ALTER DATABASE %I SET "
                                    + TIMEZONE_SETTING
                                    + " = %L', current_database(), ?)")) {
                format.setString(1, zone);
                try (ResultSet rs = format.executeQuery()) {
                    rs.next();
                    alter = rs.getString(1);
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(alter);
            }
            LOG.info("Set the database's {} to {} for its views", TIMEZONE_SETTING, zone);
        } catch (SQLException e) {
            // The job still works; only "today" in v_alerts_today may follow another zone.
            LOG.warn(
                    "Could not set the database's {} to {} ({}); v_alerts_today counts days in the"
                            + " session time zone. An administrator can run: ALTER DATABASE <name>"
                            + " SET {} = '{}'",
                    TIMEZONE_SETTING,
                    zone,
                    e.getMessage(),
                    TIMEZONE_SETTING,
                    zone);
        }
    }

    @Nullable
    static String postgresZoneName(ZoneId zone) {
        ZoneId normalized = zone.normalized();
        if (normalized.equals(ZoneOffset.UTC)) {
            return "UTC";
        }
        return normalized instanceof ZoneOffset ? null : zone.getId();
    }

    private static boolean isKnownZone(Connection connection, String zone) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = ?)")) {
            query.setString(1, zone);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Nullable
    private static String currentSetting(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                "SELECT current_setting('" + TIMEZONE_SETTING + "', true)")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
