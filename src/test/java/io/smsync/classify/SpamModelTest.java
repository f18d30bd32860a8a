package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped spam model is reproducible from the repository. {@code mvn -Ptrain-spam test} (which sets
 * {@code smsync.trainSpamModel}) writes the retrained model over the shipped one instead of comparing.
 */
class SpamModelTest {
    private static SpamModel model() {
        return SpamModel.builtIn();
    }

    @Test
    void shipped_model_is_exactly_what_training_on_the_corpus_produces() throws IOException {
        SpamTrainer.Result retrained = SpamTrainer.train(SpamTrainer.read(SpamTrainer.CORPUS), SpamTrainer.SHIPPED_SETTINGS);
        if (Boolean.getBoolean("smsync.trainSpamModel")) {
            Files.write(SpamTrainer.SHIPPED, retrained.bytes());
            System.out.println("wrote " + SpamTrainer.SHIPPED + "; cross-validated: " + retrained.crossValidated());
            return;
        }
        byte[] shipped;
        try (InputStream in = SpamModel.class.getResourceAsStream(SpamModel.RESOURCE)) {
            shipped = in.readAllBytes();
        }

        assertThat(Files.readAllBytes(SpamTrainer.SHIPPED)).isEqualTo(retrained.bytes());
        assertThat(shipped).as("the model in target/classes; rebuild if the source one was just retrained")
                .isEqualTo(Files.readAllBytes(SpamTrainer.SHIPPED));
        assertThat(retrained.crossValidated().mcc()).isGreaterThan(0.95);
        assertThat(retrained.crossValidated().hamFalsePositiveRate()).isLessThanOrEqualTo(0.005);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "WINNER!! As a valued network customer you have been selected to receive a £900 prize reward! To claim call 09061701461. Valid 12 hours only.",
            "Congratulations! You have won a free iPhone. Click http://bit.ly/x2 to claim your prize now",
            "URGENT! Your mobile number has been awarded a £2000 bonus caller prize. Call 09058094455 from a landline",
            "FREE entry into our £250 weekly competition just text the word WIN to 80086 NOW. 18 T&C www.txttowin.co.uk",
    })
    void calls_typical_spam_spam(String text) {
        assertThat(model().isSpam(text)).isTrue();
        assertThat(model().probability(text)).isGreaterThan(0.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Can I book a table for 4 on Friday at 7pm?",
            "My pipe burst and there is water everywhere, please come asap",
            "What are your opening hours on Sunday?",
            "I was charged twice for my last visit, I want a refund",
            "ok thanks, see you tomorrow",
            "I won't be able to make it today, sorry",
            "Is parking available?",
            "Please call me back on 07700 900123",
            "Can you send me a quote for 3 rooms? Call 555-201-3344",
            "Hi, this is Dave from number 12, please ring 0161 496 0000 about the boiler",
            "HELP",
            "",
    })
    void does_not_call_ordinary_texts_spam(String text) {
        assertThat(model().isSpam(text)).isFalse();
    }

    @Test
    void a_model_file_of_another_shape_is_refused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpamModel.read(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
