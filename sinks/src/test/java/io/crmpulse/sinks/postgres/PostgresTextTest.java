package io.crmpulse.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresTextTest {

    @Test
    void ordinaryTextAndPairedSurrogatesAreStorableAsTheyAre() {
        String text = "Priya Sharma \uD83D\uDE00 ₹1,20,000";

        assertThat(PostgresText.problem(text)).isNull();
        assertThat(PostgresText.storable(text)).isSameAs(text);
        assertThat(PostgresText.problem(null)).isNull();
        assertThat(PostgresText.storable(null)).isNull();
    }

    @Test
    void aNulCharacterIsNamedAndReplaced() {
        assertThat(PostgresText.problem("Web\0"))
                .isEqualTo("a NUL character (U+0000), which PostgreSQL text cannot store");
        assertThat(PostgresText.storable("We\0b\0")).isEqualTo("We\uFFFDb\uFFFD");
    }

    @Test
    void anUnpairedSurrogateIsNamedAndReplacedWhereverItStands() {
        assertThat(PostgresText.problem("a\uD800b"))
                .isEqualTo(
                        "an unpaired UTF-16 surrogate (U+D800), which is not a Unicode character");
        assertThat(PostgresText.problem("\uDE00")).contains("U+DE00");
        assertThat(PostgresText.storable("\uDE00a\uD83D\uDE00b\uD800"))
                .isEqualTo("\uFFFDa\uD83D\uDE00b\uFFFD");
        assertThat(PostgresText.storable("\uD800\uD83D\uDE00")).isEqualTo("\uFFFD\uD83D\uDE00");
    }
}
