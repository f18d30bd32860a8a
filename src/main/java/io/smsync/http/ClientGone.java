package io.smsync.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.Locale;

/** Recognizes failures that mean the client closed or reset its connection before its request was read or answered. */
final class ClientGone {
    private ClientGone() {
    }

    /** True when {@code failure} or one of its causes says the client went away (Jetty's EofException is an EOFException). */
    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                return false; // below here the connection that failed is the database's, not the client's
            }
            if (t instanceof EOFException || t instanceof ClosedChannelException) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null) {
                String message = t.getMessage().toLowerCase(Locale.ROOT);
                if (message.contains("connection reset") || message.contains("broken pipe") || message.contains("early eof")) {
                    return true;
                }
            }
        }
        return false;
    }
}
