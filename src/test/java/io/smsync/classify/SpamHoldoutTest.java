package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.classify.SpamTrainer.Example;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code smsync classify --eval} prints for a stratified fifth of the training corpus (fold 0 of
 * the trainer's seeded folds) when the model is trained, threshold and all, on the other four fifths.
 * The figures are quoted in docs/classifier.md.
 */
class SpamHoldoutTest {
    @Test
    void a_model_trained_without_the_held_out_fifth_scores_spam_mcc_of_at_least_095_on_it() {
        List<Example> all = SpamTrainer.read(SpamTrainer.CORPUS);
        int[] fold = SpamTrainer.folds(all, 5, SpamTrainer.SHIPPED_SETTINGS.seed());
        List<Example> train = new ArrayList<>();
        List<Evaluation.Labelled> heldOut = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (fold[i] == 0) {
                heldOut.add(new Evaluation.Labelled(all.get(i).spam() ? "spam" : "ham", all.get(i).text()));
            } else {
                train.add(all.get(i));
            }
        }
        SpamModel model = SpamModel.read(SpamTrainer.train(train, SpamTrainer.SHIPPED_SETTINGS).bytes());

        Evaluation evaluation = Evaluation.of(new RulesClassifier(Categories.builtIn(), model), heldOut);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        evaluation.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.out.print(printed.toString(StandardCharsets.UTF_8));
        assertThat(evaluation.spamMcc()).isGreaterThanOrEqualTo(0.95);
        long hamCalledSpam = 0;
        long ham = heldOut.stream().filter(example -> example.label().equals("ham")).count();
        for (Evaluation.Labelled example : heldOut) {
            if (example.label().equals("ham") && model.isSpam(example.text())) {
                hamCalledSpam++;
            }
        }
        assertThat(hamCalledSpam / (double) ham).isLessThanOrEqualTo(0.005);
    }
}
