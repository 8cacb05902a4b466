package io.crmpulse.job.db;

import io.crmpulse.job.config.ConfigException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@code pulse_reader}, the role that dashboards and analysts log in as: it may read the metrics
 * tables and dashboard views of {@link #READABLE}, and nothing else (sql/postgres). The job checks
 * it at every start and refuses to go on, with the statements that fix it, when it can do more.
 *
 * <p>Two moments differ. Before this database's migrations create the role (V1), a role of that
 * name that exists already belongs to someone else: it is accepted only if it cannot log in and has
 * nothing in this database, as an administrator who makes it for CRM Pulse would leave it. After
 * that, an administrator may allow it to log in ({@code ALTER ROLE pulse_reader LOGIN PASSWORD
 * '...'}), which is how dashboards use it, but may not give it more: no role attribute, no
 * membership in another role, no privilege in this database beyond USAGE on the schema and SELECT
 * on {@link #READABLE} (CONNECT and TEMPORARY on the database are allowed), no default privileges,
 * no objects of its own. Roles belong to the whole server: what the role may do in other databases
 * cannot be seen from here.
 */
public final class ReaderRole {

    /** The role's name, as the migrations create it and dashboards log in. */
    public static final String NAME = "pulse_reader";

    /** What the schema grants: the only relations of the schema that the role may read. */
    static final List<String> READABLE =
            List.of(
                    "lead_source_quality",
                    "rep_pipeline",
                    "daily_source_stats",
                    "daily_rep_stats",
                    "deal_stage_events",
                    "alerts",
                    "ai_summaries",
                    "sync_state",
                    "v_source_quality_7d",
                    "v_source_quality_30d",
                    "v_rep_leaderboard",
                    "v_alerts_today",
                    "v_freshness",
                    "v_notifications",
                    "v_dead_letters");

    /**
     * What the role has beyond what it is allowed, each as (finding, the statement that takes it
     * back). Parameters: 1 the schema, 2 the relations it may read there, 3 whether LOGIN counts, 4
     * the schema again, 5 whether USAGE on it is allowed.
     */
    private static final String FINDINGS =
            """
            WITH reader AS (
                SELECT oid, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication,
                       rolbypassrls
                FROM pg_catalog.pg_roles WHERE rolname = 'pulse_reader'
            ),
            readable AS (
                SELECT c.oid FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname::text = ANY (?::text[])
            ),
            findings (rank, finding, fix) AS (
                SELECT 1, a.name, 'ALTER ROLE pulse_reader NO' || a.name
                FROM reader r
                CROSS JOIN LATERAL (VALUES (r.rolcanlogin AND ?, 'LOGIN'),
                                           (r.rolsuper, 'SUPERUSER'),
                                           (r.rolcreatedb, 'CREATEDB'),
                                           (r.rolcreaterole, 'CREATEROLE'),
                                           (r.rolreplication, 'REPLICATION'),
                                           (r.rolbypassrls, 'BYPASSRLS')) a (flag, name)
                WHERE a.flag
                UNION ALL
                SELECT 2, format('membership in role %I', g.rolname),
                       format('REVOKE %I FROM pulse_reader', g.rolname)
                FROM reader r
                JOIN pg_catalog.pg_auth_members m ON m.member = r.oid
                JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                UNION ALL
                SELECT 3, format('%s on %s', a.privilege_type, c.oid::regclass),
                       format('REVOKE %s ON %s FROM pulse_reader', a.privilege_type, c.oid::regclass)
                FROM reader r
                CROSS JOIN pg_catalog.pg_class c
                CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
                WHERE a.grantee = r.oid
                  AND NOT (a.privilege_type = 'SELECT' AND c.oid IN (SELECT oid FROM readable))
                UNION ALL
                SELECT 4, format('%s on column %I of %s', a.privilege_type, t.attname,
                                 t.attrelid::regclass),
                       format('REVOKE %s (%I) ON %s FROM pulse_reader', a.privilege_type, t.attname,
                              t.attrelid::regclass)
                FROM reader r
                CROSS JOIN pg_catalog.pg_attribute t
                CROSS JOIN LATERAL pg_catalog.aclexplode(t.attacl) a
                WHERE t.attacl IS NOT NULL AND a.grantee = r.oid
                UNION ALL
                SELECT 5, format('%s on schema %I', a.privilege_type, s.nspname),
                       format('REVOKE %s ON SCHEMA %I FROM pulse_reader', a.privilege_type, s.nspname)
                FROM reader r
                CROSS JOIN pg_catalog.pg_namespace s
                CROSS JOIN LATERAL pg_catalog.aclexplode(s.nspacl) a
                WHERE a.grantee = r.oid
                  AND NOT (a.privilege_type = 'USAGE' AND s.nspname = ? AND ?)
                UNION ALL
                SELECT 6, format('%s on database %I', a.privilege_type, d.datname),
                       format('REVOKE %s ON DATABASE %I FROM pulse_reader', a.privilege_type,
                              d.datname)
                FROM reader r
                CROSS JOIN pg_catalog.pg_database d
                CROSS JOIN LATERAL pg_catalog.aclexplode(d.datacl) a
                WHERE d.datname = current_database() AND a.grantee = r.oid
                  AND a.privilege_type NOT IN ('CONNECT', 'TEMPORARY')
                UNION ALL
                SELECT 7, format('%s on %s', a.privilege_type, p.oid::regprocedure),
                       format('REVOKE %s ON ROUTINE %s FROM pulse_reader', a.privilege_type,
                              p.oid::regprocedure)
                FROM reader r
                CROSS JOIN pg_catalog.pg_proc p
                CROSS JOIN LATERAL pg_catalog.aclexplode(p.proacl) a
                WHERE a.grantee = r.oid
                UNION ALL
                SELECT 8, format('default privileges on new %s of role %I%s', k.objects, o.rolname,
                                 coalesce(' in schema ' || quote_ident(s.nspname), '')),
                       format('ALTER DEFAULT PRIVILEGES FOR ROLE %I%s REVOKE ALL ON %s FROM pulse_reader',
                              o.rolname, coalesce(' IN SCHEMA ' || quote_ident(s.nspname), ''),
                              upper(k.objects))
                FROM reader r
                CROSS JOIN pg_catalog.pg_default_acl d
                JOIN pg_catalog.pg_roles o ON o.oid = d.defaclrole
                LEFT JOIN pg_catalog.pg_namespace s ON s.oid = d.defaclnamespace
                JOIN (VALUES ('r', 'tables'), ('S', 'sequences'), ('f', 'functions'),
                             ('T', 'types'), ('n', 'schemas'), ('L', 'large objects'))
                     k (type, objects) ON k.type = d.defaclobjtype::text
                WHERE EXISTS (SELECT FROM pg_catalog.aclexplode(d.defaclacl) a
                              WHERE a.grantee = r.oid)
                UNION ALL
                SELECT 9, format('ownership of %s', owned.name),
                       format('REASSIGN OWNED BY pulse_reader TO %I', current_user)
                FROM reader r
                CROSS JOIN LATERAL (
                    SELECT c.oid::regclass::text FROM pg_catalog.pg_class c WHERE c.relowner = r.oid
                    UNION ALL
                    SELECT 'schema ' || quote_ident(s.nspname)
                    FROM pg_catalog.pg_namespace s WHERE s.nspowner = r.oid
                    UNION ALL
                    SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p WHERE p.proowner = r.oid
                    UNION ALL
                    SELECT 'database ' || quote_ident(d.datname) FROM pg_catalog.pg_database d
                    WHERE d.datname = current_database() AND d.datdba = r.oid
                ) owned (name)
            )
            SELECT finding, fix FROM findings ORDER BY rank, finding
            """;

    private ReaderRole() {}

    /**
     * Refuses a role of that name that exists before this database's migrations would create it,
     * unless it cannot log in and has nothing in this database.
     *
     * @throws ConfigException naming what the role has and what to do
     */
    static void refuseIfTakenBySomeoneElse(DataSource dataSource) throws SQLException {
        Findings found = findings(dataSource, true, List.of(), false);
        if (!found.isEmpty()) {
            throw new ConfigException(
                    "The role "
                            + NAME
                            + " exists already, with "
                            + found.what()
                            + ": CRM Pulse did not create it, and would let it read this"
                            + " database's metrics. If it belongs to another application, rename"
                            + " that application's role or give CRM Pulse a PostgreSQL server of"
                            + " its own. If an administrator made it for CRM Pulse, take back what"
                            + " it has ("
                            + found.fixes()
                            + "), start the job once, then allow it to log in (ALTER ROLE "
                            + NAME
                            + " LOGIN PASSWORD '...').");
        }
    }

    /**
     * Refuses the role, once the migrations made it, if it can do more than read {@link #READABLE};
     * a login is allowed.
     *
     * @throws ConfigException naming what the role has and the statements that take it back
     */
    static void refuseMoreThanReading(DataSource dataSource) throws SQLException {
        Findings found = findings(dataSource, false, READABLE, true);
        if (!found.isEmpty()) {
            throw new ConfigException(
                    "The role "
                            + NAME
                            + " may read only the metrics tables and dashboard views, but in this"
                            + " database it also has: "
                            + found.what()
                            + ". An administrator can take that back with: "
                            + found.fixes()
                            + "; then start the job again. A dashboard that needs more needs a"
                            + " role of its own.");
        }
    }

    private static Findings findings(
            DataSource dataSource, boolean loginCounts, List<String> readable, boolean usage)
            throws SQLException {
        List<String> what = new ArrayList<>();
        Set<String> fixes = new LinkedHashSet<>();
        try (Connection c = dataSource.getConnection()) {
            String schema = currentSchema(c);
            Array relations = c.createArrayOf("text", readable.toArray());
            try (PreparedStatement query = c.prepareStatement(FINDINGS)) {
                query.setString(1, schema);
                query.setArray(2, relations);
                query.setBoolean(3, loginCounts);
                query.setString(4, schema);
                query.setBoolean(5, usage);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        what.add(rs.getString(1));
                        fixes.add(rs.getString(2));
                    }
                }
            }
        }
        return new Findings(String.join(", ", what), String.join("; ", fixes));
    }

    /** The schema Flyway migrates when none is configured: the connection's current one. */
    private static String currentSchema(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT current_schema()");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** What the role has, and the statements that take it back; both empty when all is well. */
    private record Findings(String what, String fixes) {

        boolean isEmpty() {
            return what.isEmpty();
        }
    }
}
