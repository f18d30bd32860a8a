package io.smsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.logging.RedactingMessageConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @AfterEach
    void restore() {
        RedactingMessageConverter.enable(true);
    }

    @Test
    void numbers_are_masked_but_short_codes_and_ids_are_left() {
        assertThat(RedactingMessageConverter.mask("CONSOLIDATION STARTED sender=+15551231111 batch=b_1 messages=1"))
                .isEqualTo("CONSOLIDATION STARTED sender=+1555•••1111 batch=b_1 messages=1");
        assertThat(RedactingMessageConverter.mask("to=+442079460018, from=80082 ACME")).isEqualTo("to=+4420•••0018, from=80082 ACME");
    }
}
