package io.smsync;

import io.smsync.config.Config;
import io.smsync.config.ConfigException;
import io.smsync.config.Variables;
import io.smsync.config.Variables.Variable;
import io.smsync.logging.LogSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/** The commands that answer and exit without starting the server: {@code --help}, {@code --version}, {@code check}. */
final class Cli {
    static final int OK = 0;
    static final int BAD_CONFIGURATION = 2;

    private Cli() {
    }

    /** Runs one command and returns the process's exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "" : args[0];
        return switch (command) {
            case "--help", "-h", "help" -> {
                out.print(help());
                yield OK;
            }
            case "--version", "version" -> {
                out.println("smsync " + version());
                yield OK;
            }
            case "check" -> check(env, out, err);
            default -> {
                err.println("smsync: unknown command '" + command + "'; run 'smsync --help' for the commands");
                yield BAD_CONFIGURATION;
            }
        };
    }

    /** Validates the configuration as start-up would and prints the effective settings, secrets masked. */
    private static int check(Map<String, String> env, PrintStream out, PrintStream err) {
        Variables.unknownVariableWarnings(env).forEach(warning -> err.println("smsync: warning: " + warning));
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (ConfigException e) {
            err.println("smsync: " + e.getMessage());
            return BAD_CONFIGURATION;
        }
        LogSecrets.register(config.secrets());
        out.println("smsync " + version() + ": the configuration is valid (the database was not contacted)");
        out.println(config.describe());
        out.println("effective settings:");
        for (Variable variable : Variables.all()) {
            String value = env.get(variable.name());
            boolean set = value != null && !value.isBlank();
            String shown = set ? LogSecrets.mask(Config.maskDatabaseUrl(value.trim())) : variable.defaultValue();
            out.printf("  %-30s %s%s%n", variable.name(), shown.isEmpty() ? "(unset)" : shown, set ? "" : "  [default]");
        }
        return OK;
    }

    static String help() {
        StringBuilder text = new StringBuilder("""
                smsync %s: an SMS sync server. Gateways post texts; smsync stores them durably, drops duplicates,
                gathers each sender's burst into one batch, classifies it once and sends at most one auto-reply.

                Usage: ./smsync [COMMAND]   (or: java -jar target/smsync.jar [COMMAND])

                Commands:
                  (none)      run the server in the foreground, configured by the environment variables below
                  check       check the configuration and print the effective settings (secrets masked); exit 0 if valid, 2 if not
                  --version   print the version
                  --help      print this text
                  test        (./smsync only) run the test suite

                Environment variables (default in brackets):
                """.formatted(version()));
        String group = null;
        for (Variable variable : Variables.all()) {
            if (!variable.group().equals(group)) {
                group = variable.group();
                text.append(" ").append(group).append('\n');
            }
            String fallback = variable.defaultValue().isEmpty() ? "" : " [" + variable.defaultValue() + "]";
            text.append("  ").append(variable.name()).append(fallback).append("  ").append(variable.meaning()).append('\n');
        }
        return text.toString();
    }

    /** The project version, written into the jar by the build. */
    static String version() {
        try (InputStream in = Cli.class.getResourceAsStream("/smsync-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
