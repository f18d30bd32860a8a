package io.smsync.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.crypto.Hmac;
import io.smsync.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Verifies compact JWTs signed with HMAC-SHA256, as httpSMS signs its webhooks.
 * Only HS256 is accepted: the algorithm is fixed here, never taken from the token, so {@code none} or a
 * switched algorithm cannot pass.
 */
public final class Hs256Jwt {
    private static final ObjectMapper JSON = Json.mapper();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** 9999-12-31T23:59:59Z. */
    private static final double MAX_NUMERIC_DATE = 253_402_300_799d;

    private Hs256Jwt() {
    }

    /** A token that failed a check; the message names the check. */
    public static final class InvalidToken extends RuntimeException {
        public InvalidToken(String message) {
            super(message);
        }
    }

    /**
     * Returns the token's claims when its signature, {@code exp}, {@code nbf} and {@code aud} all check out
     * at {@code now} (give or take {@code leeway}); else throws {@link InvalidToken} saying which check failed.
     */
    public static JsonNode verify(String token, String key, String audience, Instant now, Duration leeway) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidToken("not a JWT: expected three base64url parts separated by dots");
        }
        JsonNode header = decodeJson(parts[0], "header");
        JsonNode alg = header.get("alg");
        if (alg == null || !"HS256".equals(alg.asText())) {
            throw new InvalidToken("unsupported alg " + (alg == null ? "(none given)" : "'" + alg.asText() + "'")
                    + ": only HS256 is accepted");
        }
        byte[] presented;
        try {
            presented = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("signature is not base64url");
        }
        byte[] expected = hmac(key, parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw new InvalidToken("wrong signature: not signed with this signing key");
        }
        JsonNode claims = decodeJson(parts[1], "payload");
        long nowSeconds = now.getEpochSecond();
        Long exp = numericDate(claims, "exp");
        if (exp == null) {
            // A token without exp would be valid forever if it leaked; httpSMS always sets one.
            throw new InvalidToken("missing exp claim");
        }
        if (nowSeconds > exp + leeway.toSeconds()) {
            throw new InvalidToken("expired: exp " + Instant.ofEpochSecond(exp) + " is in the past");
        }
        Long nbf = numericDate(claims, "nbf");
        if (nbf != null && nowSeconds < nbf - leeway.toSeconds()) {
            throw new InvalidToken("not yet valid: nbf " + Instant.ofEpochSecond(nbf) + " is in the future");
        }
        if (!audienceMatches(claims.get("aud"), audience)) {
            throw new InvalidToken("wrong audience: aud must be '" + audience + "'");
        }
        return claims;
    }

    /** RFC 7519: {@code aud} is one string or an array of strings; either may name us. */
    private static boolean audienceMatches(JsonNode aud, String audience) {
        if (aud == null || aud.isNull()) {
            return false;
        }
        if (aud.isTextual()) {
            return aud.asText().equals(audience);
        }
        if (aud.isArray()) {
            for (JsonNode one : aud) {
                if (one.isTextual() && one.asText().equals(audience)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * NumericDate is seconds since the epoch, possibly fractional. One outside the years 1970 to 9999 is refused
     * (no real token carries one), which also keeps the arithmetic on it from overflowing.
     */
    private static Long numericDate(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new InvalidToken(name + " claim is not a number");
        }
        double seconds = value.asDouble();
        if (!(seconds >= 0 && seconds <= MAX_NUMERIC_DATE)) {
            throw new InvalidToken(name + " claim is not a time between the years 1970 and 9999");
        }
        return (long) Math.floor(seconds);
    }

    private static JsonNode decodeJson(String part, String what) {
        try {
            JsonNode node = JSON.readTree(DECODER.decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidToken("JWT " + what + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidToken("JWT " + what + " is not base64url-encoded JSON");
        }
    }

    private static byte[] hmac(String key, String signingInput) {
        return Hmac.sha256(key, signingInput.getBytes(StandardCharsets.US_ASCII));
    }
}
