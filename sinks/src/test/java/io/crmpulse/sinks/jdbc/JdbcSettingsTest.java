package io.crmpulse.sinks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcSettingsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // pgjdbc's password and the password of the client's SSL key, in any case
                "jdbc:postgresql://db:5432/pulse?password=s3cret"
                        + "|jdbc:postgresql://db:5432/pulse?password=***",
                "jdbc:postgresql://db:5432/pulse?user=pulse&PassWord=s3cret&ssl=true"
                        + "|jdbc:postgresql://db:5432/pulse?user=pulse&PassWord=***&ssl=true",
                "jdbc:postgresql://db:5432/pulse?sslmode=verify-full&sslpassword=s3cret"
                        + "|jdbc:postgresql://db:5432/pulse?sslmode=verify-full&sslpassword=***",
                "jdbc:postgresql://db:5432/pulse?SSLPassword=s3cret&sslkey=/keys/pulse.pk8"
                        + "|jdbc:postgresql://db:5432/pulse?SSLPassword=***&sslkey=/keys/pulse.pk8",
                // a custom SSL factory's constructor argument, which often is a keystore password
                "jdbc:postgresql://db:5432/pulse?sslfactory=com.example.Factory&sslfactoryarg=s3cret"
                        + "|jdbc:postgresql://db:5432/pulse?sslfactory=com.example.Factory&sslfactoryarg=***",
                // pgjdbc splits parameters on '&' only: whatever follows a ';' belongs to the value
                "jdbc:postgresql://db:5432/pulse?ssl=true;password=s3cret;x=1&user=pulse"
                        + "|jdbc:postgresql://db:5432/pulse?ssl=true;password=***&user=pulse",
                // a user:password@ prefix, which pgjdbc does not read but a user may still write
                "jdbc:postgresql://pulse:s3cret@db:5432/pulse"
                        + "|jdbc:postgresql://***@db:5432/pulse",
            })
    void everySecretOfTheUrlIsMasked(String url, String redacted) {
        JdbcSettings settings = new JdbcSettings(url, "pulse", "other-s3cret");

        assertThat(settings.redactedUrl()).isEqualTo(redacted).doesNotContain("s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "jdbc:postgresql://db:5432/pulse",
        "jdbc:postgresql://db:5432/pulse?user=pulse&sslmode=require&sslkey=/keys/pulse.pk8",
        "jdbc:postgresql://db:5432/pulse?ApplicationName=passwordless",
    })
    void parametersThatHoldNoSecretStayReadable(String url) {
        assertThat(new JdbcSettings(url, "pulse", "").redactedUrl()).isEqualTo(url);
    }
}
