package io.smsync;

import io.smsync.classify.Categories;
import io.smsync.classify.Classification;
import io.smsync.classify.Classifier;
import io.smsync.classify.Evaluation;
import io.smsync.classify.RulesClassifier;
import io.smsync.classify.SpamModel;
import io.smsync.config.Config;
import io.smsync.config.ConfigException;
import io.smsync.config.Variables;
import io.smsync.config.Variables.Variable;
import io.smsync.logging.LogSecrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The commands that answer and exit without starting the server: {@code --help}, {@code --version},
 * {@code check} and {@code classify}.
 */
final class Cli {
    static final int OK = 0;
    static final int BAD_CONFIGURATION = 2;

    private Cli() {
    }

    /** Runs one command and returns the process's exit code. */
    static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
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
            case "classify" -> classify(args, env, in, out, err);
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

    /**
     * Classifies each line of standard input with the offline classifier, or with {@code --eval FILE}
     * measures it on {@code label<TAB>text} lines. No LLM, no database, no port.
     */
    private static int classify(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        boolean eval = args.length == 3 && args[1].equals("--eval");
        if (args.length != 1 && !eval) {
            err.println("smsync: usage: smsync classify < texts.txt   or   smsync classify --eval labelled.tsv");
            return BAD_CONFIGURATION;
        }
        String file = env.get("SMSYNC_CATEGORIES_FILE");
        Categories categories;
        try {
            categories = file == null || file.isBlank() ? Categories.builtIn() : Categories.load(Path.of(file.trim()));
        } catch (IllegalArgumentException e) {
            err.println("smsync: SMSYNC_CATEGORIES_FILE: " + e.getMessage());
            return BAD_CONFIGURATION;
        }
        Classifier classifier = new RulesClassifier(categories, SpamModel.builtIn());
        try {
            if (eval) {
                List<Evaluation.Labelled> examples = labelled(Path.of(args[2]));
                Evaluation.of(classifier, examples).print(out);
                return OK;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Classification result = classifier.classify(line);
                out.printf(Locale.ROOT, "%s\t%.2f%n", result.category(), result.confidence());
            }
            out.flush();
            return OK;
        } catch (IOException | IllegalArgumentException e) {
            err.println("smsync: classify: " + e.getMessage());
            return BAD_CONFIGURATION;
        }
    }

    /** The {@code label<TAB>text} lines of an evaluation file; blank lines are skipped. */
    private static List<Evaluation.Labelled> labelled(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot read '" + file + "' (no such file)");
        }
        List<Evaluation.Labelled> examples = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            if (line.isBlank()) {
                continue;
            }
            if (tab <= 0) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected label<TAB>text");
            }
            examples.add(new Evaluation.Labelled(line.substring(0, tab).strip(), line.substring(tab + 1)));
        }
        return examples;
    }

    static String help() {
        StringBuilder text = new StringBuilder("""
                smsync %s: an SMS sync server. Gateways post texts; smsync stores them durably, drops duplicates,
                gathers each sender's burst into one batch, classifies it once and sends at most one auto-reply.

                Usage: ./smsync [COMMAND]   (or: java -jar target/smsync.jar [COMMAND])

                Commands:
                  (none)      run the server in the foreground, configured by the environment variables below
                  check       check the configuration and print the effective settings (secrets masked); exit 0 if valid, 2 if not
                  classify    read texts from stdin, one a line, and print category<TAB>confidence for each (offline
                              classifier and SMSYNC_CATEGORIES_FILE; no LLM, no database); with --eval FILE of
                              label<TAB>text lines, print accuracy, per-category precision and recall, and the spam MCC
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
