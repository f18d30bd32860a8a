package io.smsync.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Slows token guessing: after {@link #FREE_FAILURES} wrong tokens within {@link #WINDOW} an address is
 * blocked for the window; each further failure after a block blocks it again for twice as long, up to
 * {@link #MAX_BLOCK}, until a success or a day without failures. In memory per process, and bounded:
 * beyond {@link #MAX_ADDRESSES} the least recently seen address is forgotten.
 */
public final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration MAX_BLOCK = Duration.ofHours(24);
    static final Duration MEMORY = Duration.ofHours(24);
    static final int MAX_ADDRESSES = 10_000;
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])");

    /** Failures since {@code windowStart}; {@code blocks} so far and the end of the last one (null if never blocked). */
    private record Attempts(int failures, Instant windowStart, int blocks, Instant blockedUntil) {
        boolean isStale(Instant now) {
            return blockedUntil == null ? !now.isBefore(windowStart.plus(WINDOW)) : !now.isBefore(blockedUntil.plus(MEMORY));
        }
    }

    private final Clock clock;
    private final Map<String, Attempts> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Attempts> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the address must still wait before it may present a token; zero when it may now. */
    synchronized Duration blockedFor(String address) {
        Attempts entry = entries.get(key(address));
        Instant now = clock.instant();
        if (entry == null || entry.blockedUntil() == null || !now.isBefore(entry.blockedUntil())) {
            return Duration.ZERO;
        }
        return Duration.between(now, entry.blockedUntil());
    }

    /** Counts a wrong token from the address; returns the block this failure started, or zero. */
    synchronized Duration failed(String address) {
        String key = key(address);
        Instant now = clock.instant();
        Attempts entry = entries.get(key);
        if (entry == null || entry.isStale(now)) {
            entry = new Attempts(0, now, 0, null);
        }
        Duration block = Duration.ZERO;
        if (entry.blocks() > 0) {
            block = blockAfter(entry.blocks());
            entry = new Attempts(entry.failures() + 1, entry.windowStart(), entry.blocks() + 1, now.plus(block));
        } else if (entry.failures() + 1 >= FREE_FAILURES) {
            block = WINDOW;
            entry = new Attempts(entry.failures() + 1, entry.windowStart(), 1, now.plus(block));
        } else {
            entry = new Attempts(entry.failures() + 1, entry.windowStart(), 0, null);
        }
        entries.put(key, entry);
        return block;
    }

    synchronized void succeeded(String address) {
        entries.remove(key(address));
    }

    private static Duration blockAfter(int blocks) {
        Duration block = WINDOW.multipliedBy(1L << Math.min(blocks, 10));
        return block.compareTo(MAX_BLOCK) > 0 ? MAX_BLOCK : block;
    }

    /**
     * The address failures are counted for. Behind a reverse proxy on this host every request comes from
     * loopback, so there the client is the address the proxy appended last to {@code X-Forwarded-For};
     * from any other peer that header is the client's own claim and is ignored.
     */
    static String clientAddress(String peer, String forwardedFor) {
        if (forwardedFor == null || !parse(peer).map(InetAddress::isLoopbackAddress).orElse(false)) {
            return peer;
        }
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).trim();
        return parse(last).isPresent() ? last : peer;
    }

    /** One IPv6 host usually holds a whole /64, so IPv6 addresses count per /64. */
    static String key(String address) {
        return parse(address).map(parsed -> parsed instanceof Inet6Address
                ? HexFormat.of().formatHex(parsed.getAddress(), 0, 8) + "::/64"
                : parsed.getHostAddress()).orElse(address);
    }

    /** Parses an address literal (IPv6 with or without brackets); empty for anything else, never a name lookup. */
    private static Optional<InetAddress> parse(String address) {
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        // getByName looks up anything that is not a literal as a name: only a dotted quad or a bracketed IPv6 goes in.
        boolean ipv6 = literal.indexOf(':') >= 0 && literal.length() <= 64;
        if (!ipv6 && !IPV4.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(ipv6 ? "[" + literal + "]" : literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
