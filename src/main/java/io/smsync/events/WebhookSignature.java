package io.smsync.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks 1.0 symmetric signatures: a secret is {@code whsec_} + base64 of 24 to 64 random bytes, and a
 * message is signed as {@code v1,} + base64(HMAC-SHA256(those bytes, id + "." + timestamp + "." + body)).
 */
public final class WebhookSignature {
    public static final String PREFIX = "whsec_";
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;
    private static final int NEW_KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new random secret. */
    public static String newSecret() {
        byte[] key = new byte[NEW_KEY_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Throws {@link IllegalArgumentException} saying what is wrong unless {@code secret} is a well-formed {@code whsec_} secret. */
    public static void check(String secret) {
        key(secret);
    }

    /** The {@code webhook-signature} header for one attempt. */
    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("must start with " + PREFIX + " followed by base64 (e.g. as printed at start)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the part after " + PREFIX + " is not base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the key after " + PREFIX + " must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
                    + " bytes (got " + key.length + ")");
        }
        return key;
    }
}
