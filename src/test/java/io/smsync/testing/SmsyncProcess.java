package io.smsync.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** smsync as a separate operating-system process, so a test can kill it with SIGKILL. */
public final class SmsyncProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private SmsyncProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code io.smsync.App} on a free port with these variables and waits until it answers /health. */
    public static SmsyncProcess start(Map<String, String> env) {
        return start(env, List.of());
    }

    /** As {@link #start(Map)}, with options for the JVM such as {@code -Xmx96m}. */
    public static SmsyncProcess start(Map<String, String> env, List<String> jvmOptions) {
        int port = freePort();
        Path log = Path.of("target", "smsync-process.log");
        ProcessBuilder builder = builder(env, port, jvmOptions).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            // target/ is absent when the build writes elsewhere (-DbuildDir=...).
            Files.createDirectories(log.getParent());
            SmsyncProcess started = new SmsyncProcess(builder.start(), port);
            await().atMost(Duration.ofSeconds(30)).until(started::healthy);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a run that ended by itself (a refused start) ended: its exit code and all it printed, stdout and stderr. */
    public record Exit(int code, String output) {
    }

    /** Runs {@code io.smsync.App} with these variables until it exits by itself; fails if it still runs after 60 s. */
    public static Exit runUntilExit(Map<String, String> env) {
        try {
            Path output = Files.createTempFile("smsync-process", ".log");
            Process process = builder(env, freePort(), List.of()).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("smsync did not exit within 60 s; output: " + Files.readString(output));
            }
            String printed = Files.readString(output);
            Files.delete(output);
            return new Exit(process.exitValue(), printed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder builder(Map<String, String> env, int port, List<String> jvmOptions) {
        // As in production (the ./smsync launcher, the systemd unit): an OutOfMemoryError ends the process.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.smsync.App"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SMSYNC_") || name.startsWith("OPENAI_"));
        builder.environment().putAll(env);
        builder.environment().put("SMSYNC_PORT", String.valueOf(port));
        return builder;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException("smsync exited with " + process.exitValue() + "; see target/smsync-process.log");
        }
        try {
            return TestApp.send(HttpRequest.newBuilder(uri("/health"))).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, like a crash or an OOM kill. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("smsync did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as a supervisor stops a service; returns the exit code once the process has ended. */
    public int terminate() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("smsync did not stop within 60 s of SIGTERM");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
