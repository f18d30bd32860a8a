package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Few-shot learning on a public intent benchmark: eight CLINC150 intents a small business's line might
 * get, plus its out-of-scope texts as {@code other}, learned from the first ten training texts of each
 * (src/test/resources/intents/clinc150/categories.yaml) and judged on that dataset's test texts of those
 * intents (test.tsv). The figures are quoted in docs/classifier.md; the floor is the target.
 */
class IntentBenchmarkTest {
    static List<Evaluation.Labelled> tsv(String resource) throws IOException {
        try (InputStream in = IntentBenchmarkTest.class.getResourceAsStream(resource)) {
            List<Evaluation.Labelled> labelled = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int tab = line.indexOf('\t');
                labelled.add(new Evaluation.Labelled(line.substring(0, tab), line.substring(tab + 1)));
            }
            return labelled;
        }
    }

    static Categories clinc() throws URISyntaxException {
        return Categories.load(Path.of(IntentBenchmarkTest.class.getResource("/intents/clinc150/categories.yaml").toURI()));
    }

    @Test
    void ten_examples_per_category_classify_at_least_85_percent_of_the_benchmark_right() throws Exception {
        Categories categories = clinc();
        assertThat(categories.all()).hasSize(9).allSatisfy(category -> assertThat(category.examples()).hasSize(10));

        Evaluation evaluation = Evaluation.of(new RulesClassifier(categories, SpamModel.builtIn()), tsv("/intents/clinc150/test.tsv"));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        evaluation.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.out.print(printed.toString(StandardCharsets.UTF_8));
        assertThat(evaluation.accuracy()).isGreaterThanOrEqualTo(0.85);
    }
}
