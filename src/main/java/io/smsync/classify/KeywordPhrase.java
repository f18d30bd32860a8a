package io.smsync.classify;

/**
 * A category's keyword or phrase, found in a text as whole words: case-insensitive (Unicode), its words apart by
 * any run of spaces, tabs or line breaks, not inside a longer word (a letter or digit may not touch either end),
 * and an apostrophe followed by a letter continues a word, so "you won" is not found in "you won't".
 *
 * <p>This finds exactly what the regex {@code (?<![\p{L}\p{N}]|\p{L}')word\s+word(?![\p{L}\p{N}]|'\p{L})} with
 * {@code CASE_INSENSITIVE | UNICODE_CASE} finds (the words quoted), which the classifier used before: that regex
 * tried its lookbehind at every position of the text, once per keyword, and cost a third of the ingest CPU. Here
 * the text is case-folded once ({@link SearchText}) and each keyword's first word is looked for with
 * {@link String#indexOf(String, int)}; the boundaries are checked only where it occurs. {@code KeywordPhraseTest}
 * compares the two on tricky texts.
 */
final class KeywordPhrase {
    private final String[] words;
    /** Per word: its one code point, where the regex compares it exactly (an uncased character such as 'ß'), else -1. */
    private final int[] exactCodePoints;
    /** The regex's lookbehind steps back by code points when the keyword has a supplementary (or unpaired surrogate) char. */
    private final boolean supplementary;

    /** The keyword as a categories file writes it: its words apart by spaces. */
    KeywordPhrase(String keyword) {
        String[] written = keyword.strip().split("\\s+");
        this.words = new String[written.length];
        this.exactCodePoints = new int[written.length];
        boolean anySupplementary = false;
        for (int i = 0; i < written.length; i++) {
            words[i] = SearchText.fold(written[i]);
            exactCodePoints[i] = exactCodePoint(written[i]);
            anySupplementary |= written[i].chars().anyMatch(c -> Character.isSurrogate((char) c));
        }
        this.supplementary = anySupplementary;
    }

    /** Whether the keyword occurs in the text as whole words. */
    boolean foundIn(SearchText text) {
        String folded = text.folded();
        for (int start = folded.indexOf(words[0]); start >= 0; start = folded.indexOf(words[0], start + 1)) {
            if (!splitsPair(text.original(), start) && !continuesWord(text.original(), start) && matchesAt(text, start)) {
                return true;
            }
            if (start == folded.length()) {
                return false; // only an empty keyword gets here, and indexOf would find it at the end again
            }
        }
        return false;
    }

    private boolean matchesAt(SearchText text, int start) {
        String original = text.original();
        int position = start;
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                int spaces = position;
                while (position < original.length() && isRegexSpace(original.charAt(position))) {
                    position++;
                }
                if (position == spaces) {
                    return false;
                }
            }
            if (!text.folded().startsWith(words[i], position)
                    || exactCodePoints[i] >= 0 && original.codePointAt(position) != exactCodePoints[i]) {
                return false;
            }
            position += words[i].length();
            if (splitsPair(original, position)) {
                return false; // a word that ends in an unpaired surrogate: the regex compares whole code points
            }
        }
        return !wordGoesOn(original, position);
    }

    /** Whether {@code position} falls between the two chars of a surrogate pair, where the regex never starts or stops. */
    private static boolean splitsPair(String text, int start) {
        return start > 0 && start < text.length()
                && Character.isHighSurrogate(text.charAt(start - 1)) && Character.isLowSurrogate(text.charAt(start));
    }

    /** The regex's lookbehind: a letter or digit, or a letter and an apostrophe, right before {@code start}. */
    private boolean continuesWord(String text, int start) {
        if (start == 0) {
            return false;
        }
        if (isLetterOrNumber(Character.codePointBefore(text, start))) {
            return true;
        }
        if (start < 2 || text.charAt(start - 1) != '\'') {
            return false;
        }
        // Without supplementary characters in the pattern, the regex looks back by chars (a lone surrogate is no letter).
        int beforeApostrophe = supplementary ? Character.codePointBefore(text, start - 1) : text.charAt(start - 2);
        return Character.isLetter(beforeApostrophe);
    }

    /** The regex's lookahead: a letter or digit, or an apostrophe and a letter, at {@code end}. */
    private static boolean wordGoesOn(String text, int end) {
        if (end >= text.length()) {
            return false;
        }
        if (isLetterOrNumber(text.codePointAt(end))) {
            return true;
        }
        return text.charAt(end) == '\'' && end + 1 < text.length() && Character.isLetter(text.codePointAt(end + 1));
    }

    /** {@code \p{L}} or {@code \p{N}}: a letter, or a number of any kind (digits, Roman numerals, fractions). */
    private static boolean isLetterOrNumber(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /** The regex's {@code \s} without {@code UNICODE_CHARACTER_CLASS}. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /**
     * The regex compiles a one-character word whose upper case folds back to itself (such as 'ß', whose upper case
     * is "SS") to an exact comparison, not a case-insensitive one; that character, else -1.
     */
    private static int exactCodePoint(String word) {
        if (word.isEmpty() || word.codePointCount(0, word.length()) != 1) {
            return -1;
        }
        int codePoint = word.codePointAt(0);
        int upper = Character.toUpperCase(codePoint);
        return upper == Character.toLowerCase(upper) ? codePoint : -1;
    }
}
