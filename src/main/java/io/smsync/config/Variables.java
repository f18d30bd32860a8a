package io.smsync.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The variables smsync reads, with their defaults and meanings, taken from {@code .env.example} (shipped in
 * the jar), so that file, {@code --help} and the unknown-variable warnings never disagree.
 */
public final class Variables {
    /** One documented variable; {@code defaultValue} is empty when it is unset by default. */
    public record Variable(String group, String name, String defaultValue, String meaning) {
    }

    private static final Pattern GROUP = Pattern.compile("^# ---- (.+) ----$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=(.*)$");
    private static final List<String> PREFIXES = List.of("SMSYNC_", "SMS_", "OPENAI_", "TWILIO_", "SMSGATE_", "HTTPSMS_", "SMSSYNC_");
    private static final List<Variable> ALL = load();

    private Variables() {
    }

    public static List<Variable> all() {
        return ALL;
    }

    /** The documentation file, read line by line: a group header, a comment, then the variable. */
    static List<Variable> parse(List<String> lines) {
        List<Variable> variables = new ArrayList<>();
        String group = "";
        String meaning = "";
        for (String line : lines) {
            Matcher header = GROUP.matcher(line);
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (header.matches()) {
                group = header.group(1);
            } else if (assignment.matches()) {
                variables.add(new Variable(group, assignment.group(1), assignment.group(2), meaning));
            } else if (line.startsWith("# ")) {
                meaning = line.substring(2).trim();
            }
        }
        return List.copyOf(variables);
    }

    private static List<Variable> load() {
        try (InputStream in = Variables.class.getResourceAsStream("/.env.example")) {
            if (in == null) {
                throw new IllegalStateException(".env.example is missing from the jar; the build copies it there");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One warning per variable in {@code env} that looks like smsync's (by its prefix) but is not one, naming
     * the closest known variable: a misspelled name would otherwise be ignored without a word.
     */
    public static List<String> unknownVariableWarnings(Map<String, String> env) {
        Set<String> known = ALL.stream().map(Variable::name).collect(Collectors.toSet());
        return env.keySet().stream()
                .filter(name -> PREFIXES.stream().anyMatch(name::startsWith))
                // The test suite's own settings (SMSYNC_TEST_POSTGRES_URL) share the prefix.
                .filter(name -> !name.startsWith("SMSYNC_TEST_") && !known.contains(name))
                .sorted()
                .map(name -> name + " is not a variable smsync reads" + suggestion(name, known))
                .toList();
    }

    private static String suggestion(String name, Set<String> known) {
        return known.stream()
                .min(Comparator.comparingInt((String candidate) -> distance(name, candidate)).thenComparing(candidate -> candidate))
                .filter(closest -> distance(name, closest) <= Math.max(2, name.length() / 4))
                .map(closest -> "; did you mean " + closest + "?")
                .orElse(" (it is ignored)");
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
