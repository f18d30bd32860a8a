package io.smsync.http;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Decides whether a request may be trusted as coming from this machine, for the parts that answer
 * without a secret. It must arrive on a loopback bind, carry no forwarding header (a reverse proxy on
 * this machine serves the internet), and name a loopback host in {@code Host} (a web page that rebinds
 * its own DNS name to 127.0.0.1 still sends its own name there).
 */
public final class LocalRequests {
    private static final String[] FORWARDING_HEADERS = {"X-Forwarded-For", "X-Forwarded-Host", "Forwarded", "X-Real-IP"};

    private final boolean loopbackBind;

    public LocalRequests(boolean loopbackBind) {
        this.loopbackBind = loopbackBind;
    }

    /** True when the server listens only on loopback. */
    public boolean loopbackBind() {
        return loopbackBind;
    }

    /** Why {@code ctx} is not a local request, or null when it is. */
    public String whyNotLocal(Context ctx) {
        if (!loopbackBind) {
            return "smsync is bound to a non-loopback address";
        }
        for (String header : FORWARDING_HEADERS) {
            if (ctx.header(header) != null) {
                return "the request came through a proxy (" + header + ")";
            }
        }
        if (!isLoopbackHost(ctx.header("Host"), ctx.req().getLocalPort())) {
            return "the request's Host is not a loopback name of this server";
        }
        return null;
    }

    /**
     * True for {@code localhost}, a literal {@code 127.x.x.x} or {@code ::1} (brackets removed), any case. A name
     * such as {@code 127.example.com} is not: it may resolve to anything.
     */
    public static boolean isLoopbackName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || isLoopbackV4(h);
    }

    /**
     * {@code 127.a.b.c}, each of a, b and c 0 to 255 in decimal without a leading zero: what the regex
     * {@code 127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}} matches, checked without one on every local request.
     */
    static boolean isLoopbackV4(String host) {
        if (!host.startsWith("127")) {
            return false;
        }
        int at = 3;
        for (int part = 0; part < 3; part++) {
            if (at >= host.length() || host.charAt(at) != '.') {
                return false;
            }
            int start = ++at;
            int value = 0;
            while (at < host.length() && at - start < 3 && isAsciiDigit(host.charAt(at))) {
                value = value * 10 + (host.charAt(at) - '0');
                at++;
            }
            int digits = at - start;
            if (digits == 0 || digits > 1 && host.charAt(start) == '0' || value > 255) {
                return false;
            }
        }
        return at == host.length();
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** True for {@code localhost}, {@code 127.x.x.x} or {@code [::1]}, with this server's port or none. */
    static boolean isLoopbackHost(String hostHeader, int localPort) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String value = hostHeader.trim().toLowerCase(Locale.ROOT);
        String host;
        String port = null;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return false;
            }
            host = value.substring(1, end);
            String rest = value.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return false;
                }
                port = rest.substring(1);
            }
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        return isLoopbackName(host) && (port == null || port.equals(Integer.toString(localPort)));
    }
}
