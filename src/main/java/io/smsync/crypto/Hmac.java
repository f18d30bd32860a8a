package io.smsync.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC keyed with a configured secret (its UTF-8 bytes): webhook signatures, httpSMS's JWT, session ids at rest; and comparing secrets. */
public final class Hmac {
    private Hmac() {
    }

    public static byte[] sha256(String key, byte[] data) {
        return mac("HmacSHA256", key, data);
    }

    /** Lower-case hex of {@link #sha256}. */
    public static String sha256Hex(String key, byte[] data) {
        return HexFormat.of().formatHex(sha256(key, data));
    }

    /** HMAC-SHA1, which Twilio still signs its webhooks with. */
    public static byte[] sha1(String key, byte[] data) {
        return mac("HmacSHA1", key, data);
    }

    /** Compares a presented secret or signature with the expected one in time that does not depend on where they differ. */
    public static boolean sameText(String presented, String expected) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] mac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
