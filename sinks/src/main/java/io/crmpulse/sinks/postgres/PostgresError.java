package io.crmpulse.sinks.postgres;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What a failed write means for the sink, by the SQLSTATE PostgreSQL reported (the PostgreSQL
 * manual, appendix A).
 */
enum PostgresError {

    /**
     * Class 22 (data exception: a NUL in text, a numeric overflow), class 23 (integrity constraint
     * violation: NOT NULL, CHECK) or 54000 (a value too large for an index): PostgreSQL refuses
     * these values, and no retry of the same row can change that.
     */
    ROW_REFUSED,

    /**
     * Anything else, such as a lost connection (class 08), a serialization failure (40001), a
     * deadlock (40P01) or a database shutting down (57P01, 57P02, 57P03): the job fails over and
     * Flink's restart writes the batch again.
     */
    FAILED;

    static PostgresError of(SQLException e) {
        String state = sqlState(e);
        if (state == null) {
            return FAILED;
        }
        return state.startsWith("22") || state.startsWith("23") || state.equals("54000")
                ? ROW_REFUSED
                : FAILED;
    }

    /**
     * The database's own words, without the statement or the row's values (pgjdbc puts both in the
     * message of a batch error): its primary message and SQLSTATE.
     */
    static String describe(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (cause instanceof PSQLException p && p.getServerErrorMessage() != null) {
                ServerErrorMessage server = p.getServerErrorMessage();
                return server.getMessage() + " (SQLSTATE " + server.getSQLState() + ")";
            }
        }
        String state = sqlState(e);
        return e.getMessage() + (state == null ? "" : " (SQLSTATE " + state + ")");
    }

    /** The first SQLSTATE of the error or of those it chains (a batch error chains the row's). */
    private static String sqlState(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (cause.getSQLState() != null) {
                return cause.getSQLState();
            }
        }
        return null;
    }
}
