package io.smsync.classify;

/**
 * A text prepared once for finding many keywords in it ({@link KeywordPhrase}): the original, for word boundaries,
 * and the same text case-folded, for comparing. Folding maps each code point to the lower case of its upper case,
 * the comparison of {@code UNICODE_CASE} regexes; it never changes a char's length, so positions agree.
 */
record SearchText(String original, String folded) {

    static SearchText of(String text) {
        return new SearchText(text, fold(text));
    }

    /** The text with each code point replaced by the lower case of its upper case; the same string if none changes. */
    static String fold(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int folded = codePoint < 0x80
                    ? (codePoint >= 'A' && codePoint <= 'Z' ? codePoint + ('a' - 'A') : codePoint)
                    : Character.toLowerCase(Character.toUpperCase(codePoint));
            if (folded != codePoint) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                // Folding keeps a character in its plane (checked for every code point), so it fills the same chars.
                Character.toChars(folded, chars, i);
            }
            i += Character.charCount(codePoint);
        }
        return chars == null ? text : new String(chars);
    }
}
