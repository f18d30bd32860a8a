package io.smsync.testing;

import io.smsync.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Signs JWTs the way httpSMS does (HS256), so tests can post what its webhook sends. */
public final class Jwts {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {
    }

    /** A compact HS256 token with the header {@code {"alg":"HS256","typ":"JWT"}} and the given claims. */
    public static String sign(String key, String claimsJson) {
        String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claimsJson);
        return signingInput + "." + ENCODER.encodeToString(Hmac.sha256(key, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String encode(String json) {
        return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
