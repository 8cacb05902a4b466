package io.crmpulse.sinks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboxDatabaseTest {

    @Test
    void showsNoSecretOfTheUrlNorThePassword() {
        OutboxDatabase db =
                new OutboxDatabase(
                        "jdbc:postgresql://db:5432/pulse?sslmode=verify-full&SSLPASSWORD=key-secret"
                                + "&password=url-secret&sslfactoryarg=store-secret",
                        "pulse",
                        "user-secret");

        assertThat(db.toString())
                .contains("sslmode=verify-full", "user=pulse")
                .doesNotContain("key-secret", "url-secret", "store-secret", "user-secret");
    }
}
