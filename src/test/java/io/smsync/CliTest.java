package io.smsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.config.Config;
import io.smsync.config.Variables;
import io.smsync.config.Variables.Variable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The commands that answer without starting a server, and the one list of variables they are built on. */
class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return runWithInput("", env, args);
    }

    private int runWithInput(String stdin, Map<String, String> env, String... args) {
        return Cli.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void classify_prints_category_and_confidence_for_each_input_line_in_order() {
        String input = "Can I book a table for 4 on Friday at 7pm?\n"
                + "WINNER!! You have been selected to receive a £900 prize reward! To claim call 09061701461. Valid 12 hours only.\n"
                + "\n"
                + "My pipe burst, water everywhere, please come asap\r\n"
                + "HELP\n";

        assertThat(runWithInput(input, Map.of(), "classify")).isZero();

        assertThat(out().lines()).hasSize(5);
        assertThat(out().lines().map(line -> line.split("\t")[0]))
                .containsExactly("appointment", "spam", "other", "urgent", "other");
        assertThat(out().lines()).allMatch(line -> line.matches("[a-z_-]+\t(0|1)\\.\\d\\d"));
        assertThat(err()).isEmpty();
    }

    @Test
    void classify_uses_the_categories_file() throws IOException {
        Path file = Files.createTempFile("categories", ".yaml");
        Files.writeString(file, "- name: delivery\n  keywords: [parcel, tracking number]\n");

        assertThat(runWithInput("where is my parcel\nhello\n", Map.of("SMSYNC_CATEGORIES_FILE", file.toString()), "classify")).isZero();

        assertThat(out().lines().map(line -> line.split("\t")[0])).containsExactly("delivery", "other");
    }

    @Test
    void classify_with_a_broken_categories_file_names_it_and_exits_2() throws IOException {
        Path file = Files.createTempFile("categories", ".yaml");
        Files.writeString(file, "- name: Bad Name\n");

        assertThat(runWithInput("hi\n", Map.of("SMSYNC_CATEGORIES_FILE", file.toString()), "classify")).isEqualTo(2);
        assertThat(err()).contains("SMSYNC_CATEGORIES_FILE", file.toString());
        assertThat(out()).isEmpty();
    }

    @Test
    void classify_eval_prints_accuracy_per_category_figures_and_the_spam_mcc() throws IOException {
        Path file = Files.createTempFile("labelled", ".tsv");
        Files.writeString(file, """
                ham\tok see you at 7 then
                spam\tWINNER!! You have been selected to receive a £900 prize reward! To claim call 09061701461. Valid 12 hours only.
                appointment\tCan I book a table for 4 on Friday at 7pm?
                urgent\tMy pipe burst, water everywhere, please come asap

                question\tWhat are your opening hours on Sunday?
                """);

        assertThat(run(Map.of(), "classify", "--eval", file.toString())).isZero();

        assertThat(out()).contains("texts      5", "accuracy   1.0000", "spam MCC   1.0000",
                "not-spam texts called spam: 0 of 4");
        assertThat(out()).containsPattern("appointment\\s+1\\.0000\\s+1\\.0000\\s+1\\s+1");
        assertThat(out()).containsPattern("ham\\s+1\\.0000\\s+1\\.0000\\s+1\\s+1");
    }

    @Test
    void classify_eval_of_a_malformed_file_names_the_line_and_exits_2() throws IOException {
        Path file = Files.createTempFile("labelled", ".tsv");
        Files.writeString(file, "spam\tWIN now\nno tab on this line\n");

        assertThat(run(Map.of(), "classify", "--eval", file.toString())).isEqualTo(2);
        assertThat(err()).contains("line 2", "label<TAB>text");
        assertThat(run(Map.of(), "classify", "--eval", file + ".missing")).isEqualTo(2);
        assertThat(run(Map.of(), "classify", "--frobnicate")).isEqualTo(2);
        assertThat(err()).contains("usage: smsync classify");
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_lists_every_command_and_every_variable_one_line_each() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out()).contains("check", "classify", "--eval", "--version", "--help", "test");
        for (Variable variable : Variables.all()) {
            assertThat(out()).containsOnlyOnce("  " + variable.name() + " ").contains(variable.meaning());
        }
    }

    @Test
    void version_is_the_projects_version() {
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out().trim()).matches("smsync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void check_prints_the_effective_settings_with_secrets_masked_and_exits_0() {
        int code = run(Map.of("SMSYNC_WEBHOOK_TOKEN", "hook-secret-1", "SMSYNC_WINDOW", "45s",
                "SMSYNC_DATABASE_URL", "jdbc:postgresql://db/smsync?user=app&password=db-secret-2"), "check");

        assertThat(code).isZero();
        assertThat(out()).contains("the configuration is valid", "SMSYNC_WINDOW                  45s",
                "SMSYNC_PORT                    8080  [default]", "password=***", "SMSYNC_WEBHOOK_TOKEN           ***");
        assertThat(out() + err()).doesNotContain("hook-secret-1", "db-secret-2");
    }

    @Test
    void check_of_a_bad_configuration_names_the_variable_and_exits_2() {
        assertThat(run(Map.of("SMSYNC_WINDOW", "soon"), "check")).isEqualTo(2);
        assertThat(err()).startsWith("smsync: SMSYNC_WINDOW: cannot read 'soon'");
    }

    @Test
    void an_unknown_command_is_refused_with_exit_2() {
        assertThat(run(Map.of(), "serve-please")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'serve-please'", "--help");
    }

    @Test
    void a_misspelt_variable_is_named_with_the_closest_known_one() {
        assertThat(Variables.unknownVariableWarnings(Map.of("SMSYNC_WINDOWS", "5s", "TWILIO_AUTH_TOKN", "x",
                "SMSYNC_TEST_POSTGRES_URL", "jdbc:x", "HOME", "/root", "SMSYNC_WINDOW", "5s", "SMSYNC_FROBNICATE", "1")))
                .containsExactly("SMSYNC_FROBNICATE is not a variable smsync reads (it is ignored)",
                        "SMSYNC_WINDOWS is not a variable smsync reads; did you mean SMSYNC_WINDOW?",
                        "TWILIO_AUTH_TOKN is not a variable smsync reads; did you mean TWILIO_AUTH_TOKEN?");
        run(Map.of("SMSYNC_WINDOWS", "5s"), "check");
        assertThat(err()).contains("warning: SMSYNC_WINDOWS is not a variable smsync reads; did you mean SMSYNC_WINDOW?");
    }

    @Test
    void env_example_documents_exactly_the_variables_the_configuration_reads() {
        Set<String> read = new LinkedHashSet<>();
        Map<String, String> recording = new HashMap<>() {
            @Override
            public String get(Object key) {
                read.add((String) key);
                return super.get(key);
            }
        };
        Config.fromEnv(recording);
        Set<String> documented = new LinkedHashSet<>();
        Variables.all().forEach(variable -> documented.add(variable.name()));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(read);
        assertThat(Variables.all()).allSatisfy(variable -> assertThat(variable.meaning()).isNotBlank());
    }

    @Test
    void env_example_defaults_are_the_defaults_the_code_uses() {
        Config defaults = Config.fromEnv(Map.of());
        for (Variable variable : Variables.all()) {
            // Naming the LLM server is what turns the LLM on without a key, so that one differs on purpose.
            if (!variable.defaultValue().isEmpty() && !variable.name().equals("OPENAI_BASE_URL")) {
                assertThat(Config.fromEnv(Map.of(variable.name(), variable.defaultValue()))).as(variable.name()).isEqualTo(defaults);
            }
        }
    }
}
