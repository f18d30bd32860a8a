package io.smsync.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written phone masking must mask exactly what the regex it replaced masked, the same way. */
class RedactingMessageConverterTest {
    private static final Pattern E164 = Pattern.compile("\\+\\d{8,15}");

    /** The masking as it was written before: each regex match replaced by its first five chars, "•••" and its last four. */
    private static String maskedByRegex(String text) {
        if (text == null || text.indexOf('+') < 0) {
            return text;
        }
        Matcher m = E164.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String number = m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(number.substring(0, 5) + "•••" + number.substring(number.length() - 4)));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Test
    void masks_numbers_as_the_regex_did_in_tricky_lines() {
        List<String> lines = List.of("", "+", "++", "no number here", "+1234567", "+12345678", "+123456789012345",
                "+1234567890123456", "+12345678901234567890123456789012", "++16505551212", "+1+16505551212",
                "+16505551212+16505551213", "sender=+16505551212 guid=g1", "+1650555121x", "+１６５０５５５１２１２",
                "+\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "a+16505551212b", "+16505551212\n+447700900123",
                "+ 16505551212", "+$1234567890", "price +12345678.90", "😀+16505551212😀", "+16505551212 +1234");
        for (String line : lines) {
            assertThat(RedactingMessageConverter.mask(line)).as(line).isEqualTo(maskedByRegex(line));
        }
        assertThat(RedactingMessageConverter.mask(null)).isNull();
        assertThat(RedactingMessageConverter.mask("sender=+16505551212 guid=g1")).isEqualTo("sender=+1650•••1212 guid=g1");
    }

    @Test
    void masks_numbers_as_the_regex_did_in_random_lines() {
        String[] pieces = {"+", "1", "2", "9", "0", "12345", "1234567", " ", "x", "=", "٣", "+1650555", "•"};
        Random random = new Random(11);
        for (int round = 0; round < 50_000; round++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(16);
            for (int i = 0; i < length; i++) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = line.toString();
            assertThat(RedactingMessageConverter.mask(text)).as(text).isEqualTo(maskedByRegex(text));
        }
    }
}
