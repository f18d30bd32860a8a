package io.smsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsync.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class WebhookAuthTest {
    private static final byte[] BODY = "{\"guid\":\"1\"}".getBytes(StandardCharsets.UTF_8);
    private final WebhookAuth auth = new WebhookAuth("t0ken");

    @Test
    void without_a_token_every_request_passes() {
        WebhookAuth off = new WebhookAuth(null);
        assertThat(off.enabled()).isFalse();
        assertThat(off.verify(null, null, BODY)).isTrue();
    }

    @Test
    void the_bearer_token_must_match_exactly() {
        assertThat(auth.verify("Bearer t0ken", null, BODY)).isTrue();
        assertThat(auth.verify("bearer t0ken", null, BODY)).isTrue();
        assertThat(auth.verify("Bearer t0ke", null, BODY)).isFalse();
        assertThat(auth.verify("Basic t0ken", null, BODY)).isFalse();
        assertThat(auth.verify(null, null, BODY)).isFalse();
    }

    @Test
    void an_hmac_signature_of_the_raw_body_passes_in_either_hex_case() {
        String hex = Hmac.sha256Hex("t0ken", BODY);
        assertThat(auth.verify(null, "sha256=" + hex, BODY)).isTrue();
        assertThat(auth.verify(null, "sha256=" + hex.toUpperCase(Locale.ROOT), BODY)).isTrue();
        assertThat(auth.verify(null, "sha256=" + hex, "{\"guid\":\"2\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(auth.verify(null, hex, BODY)).isFalse();
    }

    @Test
    void a_wrong_signature_does_not_pass_even_beside_a_wrong_bearer() {
        String otherKey = Hmac.sha256Hex("other", BODY);
        assertThat(auth.verify(null, "sha256=" + otherKey, BODY)).isFalse();
        assertThat(auth.verify("Bearer nope", "sha256=" + otherKey, BODY)).isFalse();
        assertThat(auth.verify(null, "sha256=", BODY)).isFalse();
        assertThat(auth.verify("Bearer t0ken", "sha256=" + otherKey, BODY)).isTrue();
    }

    @Test
    void a_blank_token_is_refused_rather_than_matching_an_empty_bearer() {
        assertThatThrownBy(() -> new WebhookAuth(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThat(auth.verify("Bearer ", null, BODY)).isFalse();
    }
}
