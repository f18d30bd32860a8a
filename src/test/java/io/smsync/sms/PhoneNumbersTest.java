package io.smsync.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {
    private final PhoneNumbers us = new PhoneNumbers("US");

    @ParameterizedTest
    @ValueSource(strings = {"(650) 253-0000", "650-253-0000", "+1 650 253 0000", "+16502530000", "1-650-253-0000", " 6502530000 "})
    void the_ways_people_write_one_us_number_are_one_sender(String written) {
        assertThat(us.normalize(written)).isEqualTo("+16502530000");
    }

    @Test
    void a_number_without_country_code_is_read_in_the_default_region() {
        assertThat(new PhoneNumbers("GB").normalize("020 7946 0018")).isEqualTo("+442079460018");
        assertThat(us.normalize("+44 20 7946 0018")).isEqualTo("+442079460018");
    }

    @Test
    void short_codes_and_alphanumeric_sender_ids_are_kept_as_given() {
        assertThat(us.normalize("80082")).isEqualTo("80082");
        assertThat(us.isShortCode("80082")).isTrue();
        assertThat(us.normalize("ACME")).isEqualTo("ACME");
        assertThat(us.isAlphanumeric("Google")).isTrue();
        assertThat(us.isShortCode("+16502530000")).isFalse();
        assertThat(us.isAlphanumeric("+16502530000")).isFalse();
        assertThat(us.normalize(" Google ")).isEqualTo("Google");
        assertThat(us.isShortCode("Google")).isFalse();
        assertThat(us.isShortCode("+44 20")).isFalse();
        assertThat(us.normalize("123456")).isEqualTo("123456");
    }

    @Test
    void something_that_is_not_a_possible_number_is_kept_trimmed() {
        assertThat(us.normalize(" 12 ")).isEqualTo("12");
        assertThat(us.normalize("+999 1")).isEqualTo("+999 1");
    }
}
