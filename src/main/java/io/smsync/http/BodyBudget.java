package io.smsync.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process-wide bound on the request-body bytes held in memory at once. A body is read only after its size
 * (the Content-Length, or the endpoint's limit for a chunked body) is reserved here, and the reservation lasts
 * until the request is answered; a request that does not fit is answered 503 with {@code Retry-After}, so many
 * slow or large uploads cost their senders a retry, never the heap. Bodies over {@value #SMALL_BODY_BYTES} bytes
 * may together hold at most half the budget, so slow large uploads cannot crowd out the small posts that
 * carry ordinary texts.
 */
public final class BodyBudget {
    /** Bodies up to this size compete for the whole budget; larger ones for half of it. */
    public static final int SMALL_BODY_BYTES = 64 * 1024;
    /** The smallest budget: two bodies of the largest size smsync takes fit in its large half. */
    public static final long MIN_CAPACITY = 4 * WebServer.MAX_BODY_BYTES;
    /** Up to this much of an unread body is read and dropped before an error is answered; beyond it the connection closes. */
    static final long DISCARD_LIMIT = 4 * WebServer.MAX_BODY_BYTES;
    private static final Logger log = LoggerFactory.getLogger(BodyBudget.class);

    private final long capacity;
    private long held;
    private long heldByLarge;
    private boolean refusing;

    /** @param capacity bytes of request bodies held at once, at least 4 MiB */
    public BodyBudget(long capacity) {
        if (capacity < MIN_CAPACITY) {
            throw new IllegalArgumentException("a body budget needs at least " + MIN_CAPACITY + " bytes");
        }
        this.capacity = capacity;
    }

    /** A sixteenth of the heap (at least 4 MiB): a parsed body takes a few times its bytes, and the rest is the app's. */
    public static BodyBudget forHeap(long maxHeapBytes) {
        return new BodyBudget(Math.max(MIN_CAPACITY, maxHeapBytes / 16));
    }

    /**
     * Reads the request body, at most {@code limit} bytes, within the budget; close the result when the request
     * is answered. Throws {@link ApiError} 413 for a larger body, 503 when the budget cannot hold it now, and 400
     * when the client stops sending before the body is complete.
     */
    public Body read(Context ctx, int limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        long size = declared >= 0 ? declared : limit;
        if (!tryReserve(size)) {
            ctx.header("Retry-After", WebServer.RETRY_AFTER_SECONDS);
            throw new ApiError(503, "smsync is receiving too many request bodies at once; retry in a few seconds");
        }
        Body body = new Body(size);
        try {
            body.bytes = declared >= 0 ? readExactly(ctx.req().getInputStream(), (int) declared) : readUpTo(ctx.req().getInputStream(), limit);
            return body;
        } catch (IOException e) {
            body.close();
            throw new ApiError(400, "the request body could not be read: the client stopped sending before it was complete");
        } catch (RuntimeException e) {
            body.close();
            throw e;
        }
    }

    /**
     * Reads what is left of the request body and drops it (no memory is kept), up to a bound. An error is often
     * answered before the body is read (wrong credentials, too large, over budget); a client still writing it
     * would have the connection reset under it and lose the answer. A client that asked to send its body only
     * after a go-ahead ({@code Expect: 100-continue}) has sent none, and gets the answer at once.
     */
    public static void discardUnread(Context ctx) {
        String expect = ctx.header("Expect");
        if (ctx.req().getContentLengthLong() > DISCARD_LIMIT || expect != null && expect.toLowerCase(Locale.ROOT).contains("100-continue")) {
            return;
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] chunk = new byte[8192];
            long left = DISCARD_LIMIT;
            int n;
            while (left > 0 && (n = in.read(chunk, 0, (int) Math.min(chunk.length, left))) != -1) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // The client is gone, or the body was read another way: nothing left to drop.
        }
    }

    synchronized boolean tryReserve(long size) {
        boolean large = size > SMALL_BODY_BYTES;
        if (held + size > capacity || large && heldByLarge + size > capacity / 2) {
            if (!refusing) {
                refusing = true;
                log.warn("REQUEST BODIES OVER BUDGET held={} bytes capacity={} bytes: answering 503 until some finish", held, capacity);
            }
            return false;
        }
        refusing = false;
        held += size;
        if (large) {
            heldByLarge += size;
        }
        return true;
    }

    synchronized void release(long size) {
        held -= size;
        if (size > SMALL_BODY_BYTES) {
            heldByLarge -= size;
        }
    }

    synchronized long held() {
        return held;
    }

    /** Into one array of the reserved size: no growing copies, so the memory held is what was reserved. */
    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        int read = in.readNBytes(bytes, 0, length);
        if (read < length) {
            throw new IOException("body ended after " + read + " of " + length + " bytes");
        }
        return bytes;
    }

    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            if (out.size() + n > limit) {
                throw tooLarge(limit);
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiError tooLarge(int limit) {
        String size = limit % (1024 * 1024) == 0 ? limit / (1024 * 1024) + " MiB" : limit / 1024 + " KiB";
        return new ApiError(413, "request body is larger than " + size);
    }

    /** A body read within the budget; closing it gives its bytes back to the budget (once). */
    public final class Body implements AutoCloseable {
        private final long reserved;
        private byte[] bytes;
        private boolean closed;

        private Body(long reserved) {
            this.reserved = reserved;
        }

        public byte[] bytes() {
            return bytes;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(reserved);
            }
        }
    }
}
