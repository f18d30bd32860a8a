package io.smsync.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written check of a 127.x.x.x host must accept exactly what the regex it replaced accepted. */
class LocalRequestsTest {
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    @Test
    void accepts_the_loopback_addresses_the_regex_accepted() {
        List<String> octets = List.of("", "0", "00", "01", "007", "9", "10", "99", "100", "199", "200", "249", "250", "255",
                "256", "260", "300", "999", "1000", "a", "-1", "1 ", "１");
        for (String a : octets) {
            for (String b : octets) {
                for (String c : octets) {
                    String host = "127." + a + "." + b + "." + c;
                    assertThat(LocalRequests.isLoopbackV4(host)).as(host).isEqualTo(LOOPBACK_V4.matcher(host).matches());
                }
            }
        }
        for (String host : List.of("", "127", "127.", "127.0.0", "127.0.0.1.", "127.0.0.1.1", "1270.0.0.1", "128.0.0.1",
                "127..0.1", "127.0.0.1x", "x127.0.0.1", "localhost", "127.0.0.1:80")) {
            assertThat(LocalRequests.isLoopbackV4(host)).as(host).isEqualTo(LOOPBACK_V4.matcher(host).matches());
        }
        assertThat(LocalRequests.isLoopbackName("127.0.0.1")).isTrue();
        assertThat(LocalRequests.isLoopbackName("127.255.10.0")).isTrue();
    }
}
