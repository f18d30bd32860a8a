package io.smsync.testing;

import io.smsync.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database (a SQLite file in its own temporary folder, or a new PostgreSQL schema), a smsync on
 * port 0 with a {@link MutableClock}, and the {@link TestApp} HTTP client for it, for one test. Register it
 * on a field with {@code @RegisterExtension}; the app starts on first use and, with any fake server handed
 * to {@link #closeAfter}, is closed after the test, which then fails if the app still answers on its port.
 */
public final class AppExtension implements BeforeEachCallback, AfterEachCallback {
    private final Map<String, String> env = new HashMap<>();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private MutableClock clock = MutableClock.atNow();
    private boolean postgres;
    private Path dir;
    private String databaseUrl;
    private TestApp app;

    private AppExtension() {
    }

    /** Each test gets a new SQLite file; {@link #usePostgres()} switches one test to PostgreSQL. */
    public static AppExtension sqlite() {
        return new AppExtension();
    }

    /** Each test gets a new schema on the PostgreSQL in SMSYNC_TEST_POSTGRES_URL, or is skipped as {@link TestDatabases} says. */
    public static AppExtension postgres() {
        AppExtension extension = new AppExtension();
        extension.postgres = true;
        return extension;
    }

    /** Starts the clock at {@code start} instead of now. */
    public AppExtension at(Instant start) {
        clock = new MutableClock(start);
        return this;
    }

    /** Adds a configuration variable for the app. */
    public AppExtension env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public AppExtension env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("smsync-test-");
    }

    /** Switches this test to a fresh PostgreSQL schema; call it before the app starts. */
    public AppExtension usePostgres() {
        requireNotStarted();
        postgres = true;
        databaseUrl = null;
        return this;
    }

    public MutableClock clock() {
        return clock;
    }

    /** The JDBC URL of this test's database, created on first use. */
    public String databaseUrl() {
        if (databaseUrl == null) {
            databaseUrl = postgres ? TestDatabases.freshPostgresSchema() : TestDatabases.sqlite(dir);
        }
        return databaseUrl;
    }

    /** The app, started with the configured variables on first use. */
    public TestApp app() {
        return app != null ? app : start(env);
    }

    /** Starts the app with exactly these variables instead of the configured ones (a test of another configuration). */
    public TestApp start(Map<String, String> variables) {
        requireNotStarted();
        app = TestApp.start(databaseUrl(), clock, variables);
        return app;
    }

    /** The running app's database, for tests that look at rows or set some up. */
    public Database database() {
        return app().app().database();
    }

    /** Every row {@code sql} selects, as column name to value. */
    public List<Map<String, Object>> rows(String sql) {
        return database().reads().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    /** Closes {@code resource} (a fake server, say) after the test, before the app. */
    public <T extends AutoCloseable> T closeAfter(T resource) {
        resources.push(resource);
        return resource;
    }

    private void requireNotStarted() {
        if (app != null) {
            throw new IllegalStateException("the app has already started in this test");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                failure = failure == null ? e : addTo(failure, e);
            }
        }
        int port = -1;
        if (app != null) {
            port = app.app().port();
            try {
                app.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : addTo(failure, e);
            }
            app = null;
        }
        deleteDir();
        if (failure != null) {
            throw failure;
        }
        if (port > 0 && listening(port)) {
            throw new AssertionError("smsync still answers on port " + port + " after the test closed it");
        }
    }

    private static Exception addTo(Exception first, Exception next) {
        first.addSuppressed(next);
        return first;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private void deleteDir() {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
