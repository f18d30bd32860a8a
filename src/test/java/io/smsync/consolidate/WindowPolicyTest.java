package io.smsync.consolidate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final WindowPolicy FIXED = new WindowPolicy(Duration.ofSeconds(60), WindowMode.FIXED, Duration.ofMinutes(5), 50);
    private static final WindowPolicy SLIDING = new WindowPolicy(Duration.ofSeconds(60), WindowMode.SLIDING, Duration.ofMinutes(5), 50);

    @Test
    void fixed_window_closes_window_after_the_first_message_whatever_arrives_later() {
        assertThat(FIXED.open(T0)).isEqualTo(new WindowPolicy.Deadline(T0.plusSeconds(60), true));
        assertThat(FIXED.join(T0, T0.plusSeconds(59), 2)).isEqualTo(new WindowPolicy.Deadline(T0.plusSeconds(60), true));
    }

    @Test
    void sliding_window_closes_window_after_the_latest_message() {
        assertThat(SLIDING.open(T0).dueAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(SLIDING.join(T0, T0.plusSeconds(45), 2).dueAt()).isEqualTo(T0.plusSeconds(105));
    }

    @Test
    void sliding_window_never_closes_later_than_max_wait_after_the_first_message() {
        assertThat(SLIDING.join(T0, T0.plusSeconds(270), 6).dueAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void a_batch_reaching_the_message_limit_is_due_at_once_and_takes_no_more() {
        WindowPolicy three = new WindowPolicy(Duration.ofSeconds(60), WindowMode.FIXED, Duration.ofMinutes(5), 3);
        assertThat(three.join(T0, T0.plusSeconds(10), 2).acceptsMore()).isTrue();
        assertThat(three.join(T0, T0.plusSeconds(11), 3)).isEqualTo(new WindowPolicy.Deadline(T0.plusSeconds(11), false));
    }

    @Test
    void window_zero_turns_consolidation_off_each_message_is_due_at_once() {
        WindowPolicy off = new WindowPolicy(Duration.ZERO, WindowMode.FIXED, Duration.ofMinutes(5), 50);
        assertThat(off.consolidates()).isFalse();
        assertThat(off.open(T0)).isEqualTo(new WindowPolicy.Deadline(T0, false));
    }

    @Test
    void a_limit_of_one_message_also_means_no_consolidation() {
        WindowPolicy one = new WindowPolicy(Duration.ofSeconds(60), WindowMode.FIXED, Duration.ofMinutes(5), 1);
        assertThat(one.consolidates()).isFalse();
        assertThat(one.open(T0).dueAt()).isEqualTo(T0);
    }
}
