package io.smsync.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a Standard Webhooks 1.0 request, written from the specification's text and independent of
 * smsync's signer: the secret is {@code whsec_} + base64 of the key; the signed content is
 * {@code webhook-id + "." + webhook-timestamp + "." + body}; {@code webhook-signature} is a space-delimited list of
 * {@code version,base64-signature}, of which a {@code v1} one must match HMAC-SHA256 (compared in constant time); and
 * the timestamp must be within the tolerance of the receiver's clock.
 */
public final class StandardWebhooksVerifier {
    private final byte[] key;
    private final Duration tolerance;

    public StandardWebhooksVerifier(String secret, Duration tolerance) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        this.key = Base64.getDecoder().decode(encoded);
        this.tolerance = tolerance;
    }

    /** Throws {@link IllegalArgumentException} saying why, unless the request is authentic and fresh at {@code now}. */
    public void verify(String id, String timestamp, String signatures, String body, Instant now) {
        if (id == null || timestamp == null || signatures == null) {
            throw new IllegalArgumentException("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long seconds = Long.parseLong(timestamp);
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            throw new IllegalArgumentException("timestamp " + seconds + " is outside the tolerance around " + now);
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String signature : signatures.split(" ")) {
            int comma = signature.indexOf(',');
            if (comma < 0 || !signature.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] presented;
            try {
                presented = Base64.getDecoder().decode(signature.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(presented, expected)) {
                return;
            }
        }
        throw new IllegalArgumentException("no v1 signature matches");
    }

    /** Verifies a request a {@link FakeEndpoint} received. */
    public void verify(FakeEndpoint.Request request, Instant now) {
        verify(request.header("webhook-id"), request.header("webhook-timestamp"), request.header("webhook-signature"),
                request.body(), now);
    }
}
