package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CategoriesTest {
    @TempDir
    Path dir;

    @Test
    void built_ins_are_the_six_documented_categories_ending_with_other() {
        Categories builtIn = Categories.builtIn();

        assertThat(builtIn.names()).containsExactly("urgent", "appointment", "question", "complaint", "spam", "other");
        assertThat(builtIn.all()).allSatisfy(category -> {
            assertThat(category.description()).isNotBlank();
            assertThat(category.reply()).isNull();
        });
        // Spam is the trained model's call; every other built-in has keywords and ten examples.
        assertThat(builtIn.all()).filteredOn(category -> !category.name().equals("spam"))
                .allSatisfy(category -> {
                    assertThat(category.keywords()).isNotEmpty();
                    assertThat(category.examples()).hasSize(10);
                });
        assertThat(builtIn.find("spam").orElseThrow().keywords()).isEmpty();
        assertThat(builtIn.find("spam").orElseThrow().examples()).isEmpty();
        assertThat(builtIn.find("spam")).map(Category::name).contains("spam");
        assertThat(builtIn.find("nope")).isEmpty();
    }

    @Test
    void reads_a_json_file() throws IOException {
        Path file = write("categories.json", """
                {"categories": [
                  {"name": "billing", "description": "Invoices and payments", "keywords": ["invoice", "paid"],
                   "patterns": ["\\\\binv-\\\\d+"], "reply": "Our billing team will call you."},
                  {"name": "other", "description": "Anything else", "reply": null}
                ]}
                """);

        Categories categories = Categories.load(file);

        assertThat(categories.all()).containsExactly(
                new Category("billing", "Invoices and payments", List.of("invoice", "paid"), List.of("\\binv-\\d+"),
                        "Our billing team will call you."),
                new Category("other", "Anything else", List.of(), List.of(), null));
    }

    @Test
    void reads_a_yaml_list_and_adds_the_built_in_other() throws IOException {
        Path file = write("categories.yml", """
                - name: delivery
                  description: Where is my parcel
                  keywords: [parcel, tracking number]
                - name: sales
                  patterns: ['\\bquote\\b']
                  reply: Thanks, a salesperson will text you back.
                """);

        Categories categories = Categories.load(file);

        assertThat(categories.names()).containsExactly("delivery", "sales", "other");
        assertThat(categories.find("other")).contains(Categories.builtIn().find("other").orElseThrow());
        assertThat(categories.find("sales").orElseThrow().reply()).isEqualTo("Thanks, a salesperson will text you back.");
        assertThat(new RulesClassifier(categories, SpamModel.builtIn()).classify("my tracking number is wrong").category()).isEqualTo("delivery");
    }

    @Test
    void reads_a_yaml_object_with_a_categories_key() throws IOException {
        Path file = write("categories.yaml", """
                categories:
                  - name: urgent
                    description: Needs action now
                """);

        assertThat(Categories.load(file).names()).containsExactly("urgent", "other");
    }

    @Test
    void reads_examples_and_a_category_may_have_nothing_else() throws IOException {
        Path file = write("categories.yaml", """
                categories:
                  - name: gutters
                    examples:
                      - "Can you clear the gutters at number 12?"
                      - "  leaves blocking the downpipe again  "
                  - name: other
                    description: Anything else
                """);

        Category gutters = Categories.load(file).find("gutters").orElseThrow();

        assertThat(gutters.examples()).containsExactly("Can you clear the gutters at number 12?", "leaves blocking the downpipe again");
        assertThat(gutters.description()).isEmpty();
        assertThat(gutters.keywords()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "examples not list | [{\"name\": \"a\", \"examples\": \"x\"}]                        | 'examples' of category 'a' must be a list",
            "blank example     | [{\"name\": \"a\", \"examples\": [\" \"]}]                     | 'examples' of category 'a' must be a list of non-empty texts",
            "missing name      | [{\"description\": \"x\"}]                                      | category #1 has no name",
            "blank name        | [{\"name\": \" \", \"description\": \"x\"}]                     | category #1 has no name",
            "upper-case name   | [{\"name\": \"Billing\", \"description\": \"x\"}]               | name 'Billing' must be a lower-case identifier",
            "duplicate name    | [{\"name\": \"a\", \"keywords\": [\"x\"]}, {\"name\": \"a\", \"keywords\": [\"y\"]}] | category 'a' appears twice (#1 and #2)",
            "bad regex         | [{\"name\": \"sales\", \"patterns\": [\"([a-z\"]}]            | category 'sales' pattern '([a-z' is not a valid regular expression",
            "empty list        | []                                                              | has no categories",
            "empty wrapper     | {\"categories\": []}                                            | has no categories",
            "nothing to go on  | [{\"name\": \"vague\"}]                                          | category 'vague' has no description, no keywords, no patterns and no examples",
            "unknown field     | [{\"name\": \"a\", \"keyword\": [\"x\"]}]                        | category 'a' has an unknown field 'keyword'",
            "keywords not list | [{\"name\": \"a\", \"keywords\": \"x\"}]                        | 'keywords' of category 'a' must be a list",
            "blank keyword     | [{\"name\": \"a\", \"keywords\": [\"\"]}]                       | 'keywords' of category 'a' must be a list of non-empty texts",
            "reply not text    | [{\"name\": \"a\", \"keywords\": [\"x\"], \"reply\": 3}]        | 'reply' of category 'a' must be text",
            "entry not object  | [\"urgent\"]                                                     | category #1 is not an object",
            "wrong shape       | {\"cats\": []}                                                  | expected {\"categories\": [...]} or a list of categories",
            "not json          | {\"categories\": [                                              | cannot be parsed",
    })
    void rejects_a_bad_file_naming_the_file_and_the_problem(String name, String content, String problem) throws IOException {
        Path file = write("bad.json", content);

        assertThatThrownBy(() -> Categories.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("categories file " + file + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void rejects_an_empty_yaml_file() throws IOException {
        Path file = write("empty.yaml", "");

        assertThatThrownBy(() -> Categories.load(file)).hasMessage("categories file " + file + ": is empty");
    }

    @Test
    void rejects_an_unknown_extension_and_a_missing_file() throws IOException {
        Path text = write("categories.txt", "[]");
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> Categories.load(text)).hasMessageContaining("must end in .json, .yaml or .yml");
        assertThatThrownBy(() -> Categories.load(missing)).hasMessage("categories file " + missing + ": does not exist or is not a file");
    }

    @Test
    void the_list_cannot_be_changed() {
        List<Category> all = Categories.builtIn().all();

        assertThatThrownBy(() -> all.add(BuiltInCategories.OTHER)).isInstanceOf(UnsupportedOperationException.class);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
