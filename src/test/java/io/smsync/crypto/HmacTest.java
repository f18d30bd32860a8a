package io.smsync.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HmacTest {
    private static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);

    @Test
    void sha256_matches_the_rfc_4231_test_vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(Hmac.sha256Hex("Jefe", DATA))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void sha1_matches_the_rfc_2202_test_vector() {
        // RFC 2202 test case 2, the same key and data
        assertThat(HexFormat.of().formatHex(Hmac.sha1("Jefe", DATA))).isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }
}
