package io.smsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsync.testing.StandardWebhooksVerifier;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signer and the tests' independent verifier both agree with the example published with the Standard Webhooks libraries. */
class WebhookSignatureTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void the_signer_matches_the_published_example() {
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void the_independent_verifier_accepts_the_published_example_among_other_signatures() {
        new StandardWebhooksVerifier(SECRET, Duration.ofMinutes(5))
                .verify(ID, Long.toString(TIMESTAMP), "v1a,bm90IHRoaXMgb25l " + EXPECTED, BODY, Instant.ofEpochSecond(TIMESTAMP + 60));
        assertThatThrownBy(() -> new StandardWebhooksVerifier(SECRET, Duration.ofMinutes(5))
                .verify(ID, Long.toString(TIMESTAMP), EXPECTED, BODY + " ", Instant.ofEpochSecond(TIMESTAMP)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void new_secrets_are_well_formed_and_bad_ones_are_refused_with_the_reason() {
        String secret = WebhookSignature.newSecret();
        WebhookSignature.check(secret);
        assertThat(secret).startsWith("whsec_").isNotEqualTo(WebhookSignature.newSecret());
        assertThatThrownBy(() -> WebhookSignature.check("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).hasMessageContaining("whsec_");
        assertThatThrownBy(() -> WebhookSignature.check("whsec_!!!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> WebhookSignature.check("whsec_c2hvcnQ=")).hasMessageContaining("24 to 64 bytes");
    }
}
