package io.smsync.ingest;

import io.smsync.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Twilio's {@code X-Twilio-Signature}: Base64 HMAC-SHA1, keyed with the auth token, of the URL and the sorted POST parameters. */
public final class TwilioSignature {
    private TwilioSignature() {
    }

    /**
     * The signature Twilio sends for a request to {@code url} (scheme, host, path and query string, exactly
     * as configured in Twilio) with these POST parameters. Names are sorted; a repeated name contributes each
     * distinct value, sorted, as Twilio's own SDKs do.
     */
    public static String compute(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder signed = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> {
            for (String value : new TreeSet<>(values)) {
                signed.append(name).append(value);
            }
        });
        return Base64.getEncoder().encodeToString(Hmac.sha1(authToken, signed.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** True when {@code signature} is the one Twilio would send; compared in constant time so timing reveals nothing. */
    public static boolean matches(String signature, String authToken, String url, Map<String, List<String>> params) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] expected = compute(authToken, url, params).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Single-valued parameters as the multi-valued map {@link #compute} takes. */
    public static Map<String, List<String>> single(Map<String, String> params) {
        Map<String, List<String>> multi = new TreeMap<>();
        params.forEach((name, value) -> multi.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
        return multi;
    }
}
