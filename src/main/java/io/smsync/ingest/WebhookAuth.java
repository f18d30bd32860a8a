package io.smsync.ingest;

import io.smsync.crypto.Hmac;
import java.util.Locale;

/**
 * The generic webhook's auth: off without a token; with one, a matching bearer token or an
 * {@code X-Smsync-Signature: sha256=<hex>} HMAC of the raw body. Comparisons are constant-time.
 */
public final class WebhookAuth {
    private static final String SIGNATURE_PREFIX = "sha256=";
    private final String token;

    /** @param token the shared secret, or null to accept every request; a blank one is refused */
    public WebhookAuth(String token) {
        // A blank secret would let "Authorization: Bearer " through while looking like auth is on.
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("the webhook token must not be blank; leave it unset to turn auth off");
        }
        this.token = token;
    }

    public boolean enabled() {
        return token != null;
    }

    /** Whether the request may pass before its body is read: auth is off, or the bearer token matches. */
    public boolean passesWithoutBody(String authorizationHeader) {
        return token == null || authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                && Hmac.sameText(authorizationHeader.substring(7).trim(), token);
    }

    /** Whether the request may pass: auth is off, the bearer token matches, or the body's HMAC does. */
    public boolean verify(String authorizationHeader, String signatureHeader, byte[] rawBody) {
        if (passesWithoutBody(authorizationHeader)) {
            return true;
        }
        if (signatureHeader != null && signatureHeader.regionMatches(true, 0, SIGNATURE_PREFIX, 0, SIGNATURE_PREFIX.length())) {
            String presented = signatureHeader.substring(SIGNATURE_PREFIX.length()).trim().toLowerCase(Locale.ROOT);
            return Hmac.sameText(presented, Hmac.sha256Hex(token, rawBody));
        }
        return false;
    }
}
