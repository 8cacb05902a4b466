package io.crmpulse.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The local PostgreSQL as versions before issue 10 started it (zonky's defaults: {@code initdb -A
 * trust}, no password, fsync off), run as a process of its own so that a test can kill it and leave
 * its server running, as a killed job of such a version does. Arguments: the data directory and the
 * port; prints {@value #READY} once a table {@code kept} holds the row {@code left running}, then
 * waits to be killed.
 */
public final class EarlierLocalPostgres {

    static final String READY = "earlier local PostgreSQL ready";

    private EarlierLocalPostgres() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres server =
                EmbeddedPostgres.builder()
                        .setDataDirectory(Path.of(args[0]))
                        .setCleanDataDirectory(false)
                        .setPort(Integer.parseInt(args[1]))
                        .setRegisterShutdownHook(false)
                        .start();
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (note text)");
            s.execute("INSERT INTO kept VALUES ('left running')");
        }
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
