package io.smsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(address);
        }
    }

    @Test
    void five_failures_within_fifteen_minutes_block_the_address_for_fifteen_minutes() {
        fail("198.51.100.7", 4);
        assertThat(throttle.blockedFor("198.51.100.7")).isZero();

        assertThat(throttle.failed("198.51.100.7")).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.blockedFor("198.51.100.7")).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.blockedFor("198.51.100.8")).isZero();

        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.blockedFor("198.51.100.7")).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.blockedFor("198.51.100.7")).isZero();
    }

    @Test
    void failures_spread_wider_than_the_window_do_not_block() {
        fail("198.51.100.7", 4);
        clock.advance(Duration.ofMinutes(15));
        fail("198.51.100.7", 4);

        assertThat(throttle.blockedFor("198.51.100.7")).isZero();
    }

    @Test
    void each_failure_after_a_block_blocks_again_for_twice_as_long_up_to_a_day() {
        fail("198.51.100.7", 5);
        clock.advance(Duration.ofMinutes(15));

        assertThat(throttle.failed("198.51.100.7")).isEqualTo(Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(30));
        assertThat(throttle.failed("198.51.100.7")).isEqualTo(Duration.ofMinutes(60));
        for (int i = 0; i < 10; i++) {
            clock.advance(throttle.blockedFor("198.51.100.7"));
            throttle.failed("198.51.100.7");
        }
        assertThat(throttle.blockedFor("198.51.100.7")).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void a_success_or_a_quiet_day_after_the_block_forgets_the_address() {
        fail("198.51.100.7", 5);
        clock.advance(Duration.ofMinutes(15));
        throttle.succeeded("198.51.100.7");
        fail("198.51.100.7", 4);
        assertThat(throttle.blockedFor("198.51.100.7")).isZero();

        fail("198.51.100.8", 5);
        clock.advance(Duration.ofMinutes(15).plusHours(24));
        assertThat(throttle.failed("198.51.100.8")).isZero();
    }

    @Test
    void ipv6_addresses_count_per_64_block_and_mapped_ipv4_as_ipv4() {
        fail("2001:db8:1:2::a", 2);
        fail("[2001:db8:1:2:ffff::b]", 3);
        assertThat(throttle.blockedFor("2001:db8:1:2::c")).isPositive();
        assertThat(throttle.blockedFor("2001:db8:1:3::a")).isZero();

        fail("::ffff:198.51.100.9", 5);
        assertThat(throttle.blockedFor("198.51.100.9")).isPositive();
    }

    @Test
    void the_map_of_addresses_is_bounded() {
        fail("198.51.100.7", 5);
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES; i++) {
            throttle.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }

        assertThat(throttle.blockedFor("198.51.100.7")).as("the least recently seen address was forgotten").isZero();
    }

    @Test
    void forwarded_for_is_trusted_only_from_a_loopback_peer_and_only_as_an_address() {
        assertThat(LoginThrottle.clientAddress("127.0.0.1", "203.0.113.1, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(LoginThrottle.clientAddress("0:0:0:0:0:0:0:1", "2001:db8::9")).isEqualTo("2001:db8::9");
        assertThat(LoginThrottle.clientAddress("127.0.0.1", null)).isEqualTo("127.0.0.1");
        assertThat(LoginThrottle.clientAddress("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
        assertThat(LoginThrottle.clientAddress("127.0.0.1", "203.0.113.9, not-an-address")).isEqualTo("127.0.0.1");
        assertThat(LoginThrottle.clientAddress("127.0.0.1", "999.1.1.1")).isEqualTo("127.0.0.1");
    }
}
