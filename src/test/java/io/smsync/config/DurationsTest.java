package io.smsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "45s,45000", "2m,120000", "24h,86400000", "90d,7776000000", "0,0", "PT45S,45000",
            "pt1m30s,90000", "P1D,86400000", " 60s ,60000", "60S,60000"})
    void operators_forms_are_read(String text, long millis) {
        assertThat(Durations.parse("SMSYNC_WINDOW", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5s", "5", "1.5s", "PT-5S", "s", "5 minutes"})
    void anything_else_is_an_error_naming_the_variable(String text) {
        assertThatThrownBy(() -> Durations.parse("SMSYNC_MAX_WAIT", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SMSYNC_MAX_WAIT: cannot read '" + text + "' as a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999d", "36501d", "PT9999999999H"})
    void absurdly_long_durations_are_refused_rather_than_overflowing_later(String text) {
        assertThatThrownBy(() -> Durations.parse("SMSYNC_REPLY_COOLDOWN", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SMSYNC_REPLY_COOLDOWN: '" + text + "' is too long");
    }

    @Test
    void durations_are_formatted_the_way_they_are_written() {
        assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("60s");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Durations.format(Duration.ofDays(90))).isEqualTo("90d");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0");
    }
}
