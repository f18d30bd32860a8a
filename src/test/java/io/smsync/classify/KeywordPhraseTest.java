package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** KeywordPhrase must find exactly what the regex the classifier used before found. */
class KeywordPhraseTest {

    /** The regex RulesClassifier compiled for each keyword before KeywordPhrase. */
    private static Pattern regex(String keyword) {
        String body = Stream.of(keyword.strip().split("\\s+")).map(Pattern::quote).collect(Collectors.joining("\\s+"));
        return Pattern.compile("(?<![\\p{L}\\p{N}]|\\p{L}')" + body + "(?![\\p{L}\\p{N}]|'\\p{L})",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static void assertSameAsRegex(String keyword, String text) {
        boolean expected = regex(keyword).matcher(text).find();
        assertThat(new KeywordPhrase(keyword).foundIn(SearchText.of(text)))
                .as("keyword <%s> in <%s>", escaped(keyword), escaped(text))
                .isEqualTo(expected);
    }

    @Test
    void finds_whole_words_and_phrases_as_the_regex_did() {
        List<String> keywords = List.of("help", "help me", "as soon as possible", "can you", "911", "check-up", "!",
                "?", "$", "don't", "won", "you won", "ß", "SS", "straße", "İstanbul", "i", "ıi", "σ", "Σ", "ς",
                "kelvin", "ǅ", "😀", "𝐀b", "a", "", "  help  ", "x'", "'x", "½", "no heat");
        List<String> texts = List.of("", "help", "HELP", "Help!", "helpme", "help me", "help  \t\n me", "help\u00A0me",
                "helpful", "unhelp", "1help", "help1", "½help", "helpⅫ", "x'help", "'help", "help'", "help's", "help'1",
                "help '", "you won't", "you won", "you won!", "you won’t", "can\tyou", "can you?", "911", "9112",
                "call 911!", "a check-up", "check-upper", "!!!", "hi!", "?", "$5", "I don't", "don'tknow", "STRASSE",
                "straße", "STRAẞE", "ẞ", "ß", "ss", "istanbul", "İSTANBUL", "ISTANBUL", "ı", "I", "i", "ΣΑΣ", "σας",
                "ς", "KELVIN", "\u212Aelvin", "ǆ", "Ǆ", "😀", "a😀b", "😀😀", "𝐀B", "𝐚b", "x𝐀b", "𝐀help", "help𝐀",
                "𝐀'help", "a'help", "help'𝐀", "\uD835help", "help\uDC00", "no  heat", "no\r\nheat", "noheat",
                "no heating", "é help é", "áhelp");
        for (String keyword : keywords) {
            for (String text : texts) {
                assertSameAsRegex(keyword, text);
            }
        }
    }

    @Test
    void finds_what_the_regex_finds_in_random_texts() {
        String[] pieces = {"a", "A", "b", "s", "S", "ß", "ẞ", "i", "I", "ı", "İ", "k", "\u212A", "σ", "Σ", "ς", "1",
                "½", "Ⅻ", "'", "’", " ", "  ", "\t", "\n", "\u00A0", "-", "!", "?", "😀", "𝐀", "𝐚", "\uD835", "\uDC00",
                "é", "É", "e\u0301"};
        Random random = new Random(11);
        for (int round = 0; round < 100_000; round++) {
            String keyword = randomText(random, pieces, 1 + random.nextInt(4));
            String text = randomText(random, pieces, random.nextInt(14));
            assertSameAsRegex(keyword, text);
            // Also with the keyword planted, so that most rounds test a near match rather than none.
            int at = random.nextInt(text.length() + 1);
            assertSameAsRegex(keyword, text.substring(0, at) + keyword + text.substring(at));
        }
    }

    @Test
    void folding_keeps_every_code_point_in_its_plane_and_folds_once_for_all() {
        List<String> broken = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            int folded = Character.toLowerCase(Character.toUpperCase(codePoint));
            boolean samePlane = Character.isBmpCodePoint(codePoint) == Character.isBmpCodePoint(folded);
            boolean idempotent = Character.toLowerCase(Character.toUpperCase(folded)) == folded;
            if (!samePlane || !idempotent) {
                broken.add(Integer.toHexString(codePoint));
            }
        }
        assertThat(broken).isEmpty();
        assertThat(SearchText.fold("Hello WORLD ẞ 𐐀")).isEqualTo("hello world ß 𐐨");
    }

    private static String randomText(Random random, String[] pieces, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
