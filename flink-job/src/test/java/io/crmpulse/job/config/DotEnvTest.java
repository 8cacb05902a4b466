package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {

    @TempDir Path dir;

    @Test
    void readsAFileOfTheOldScriptsAsPythonDotenvDoes() throws Exception {
        Path file =
                write(
                        "# Zoho",
                        "ZOHO_CLIENT_ID=1000.abc",
                        "export ZOHO_CLIENT_SECRET = 's3cr#t \"x\"'",
                        "",
                        "TWILIO_FROM_NUMBER=\"whatsapp:+14155238886\"  # the sandbox",
                        "OLLAMA_MODEL=llama3.2:1b # small",
                        "RECIPIENT_PHONE_NUMBER=+919812345678,+919876543210",
                        "PULSE_CURRENCY=\"EUR:de-DE\\tx\\\"y\\\\\"",
                        "EMPTY=",
                        "SUPABASE_URL=https://x.supabase.co/?a=b");

        assertThat(DotEnv.read(file))
                .containsExactly(
                        Map.entry("ZOHO_CLIENT_ID", "1000.abc"),
                        Map.entry("ZOHO_CLIENT_SECRET", "s3cr#t \"x\""),
                        Map.entry("TWILIO_FROM_NUMBER", "whatsapp:+14155238886"),
                        Map.entry("OLLAMA_MODEL", "llama3.2:1b"),
                        Map.entry("RECIPIENT_PHONE_NUMBER", "+919812345678,+919876543210"),
                        Map.entry("PULSE_CURRENCY", "EUR:de-DE\tx\"y\\"),
                        Map.entry("EMPTY", ""),
                        Map.entry("SUPABASE_URL", "https://x.supabase.co/?a=b"));
    }

    @Test
    void theProcessEnvironmentWinsOverTheFile() throws Exception {
        Path file = write("PULSE_POLL_INTERVAL=5m", "PULSE_TIMEZONE=Asia/Kolkata");

        Map<String, String> env =
                DotEnv.under(Map.of("PULSE_POLL_INTERVAL", "30s", "HOME", "/root"), file);

        assertThat(env)
                .containsOnly(
                        Map.entry("PULSE_POLL_INTERVAL", "30s"),
                        Map.entry("PULSE_TIMEZONE", "Asia/Kolkata"),
                        Map.entry("HOME", "/root"));
    }

    @Test
    void withoutAFileTheEnvironmentIsTheProcessEnvironment() {
        Map<String, String> process = Map.of("A", "1");

        assertThat(DotEnv.under(process, dir.resolve(".env"))).isSameAs(process);
    }

    @Test
    void aLineThatIsNotAVariableIsNamedByNumberWithoutItsValue() throws Exception {
        Path file = write("A=1", "ZOHO_CLIENT_SECRET=\"s3cret", "B=2");

        assertThatThrownBy(() -> DotEnv.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(".env line 2 is not KEY=VALUE (ZOHO_CLIENT_SECRET")
                .hasMessageNotContaining("s3cret");

        Path other = write("just some words");
        assertThatThrownBy(() -> DotEnv.read(other))
                .hasMessageContaining(".env line 1 is not KEY=VALUE;")
                .hasMessageNotContaining("words");
    }

    private Path write(String... lines) throws Exception {
        Path file = dir.resolve(".env");
        Files.write(file, java.util.List.of(lines));
        return file;
    }
}
