package io.smsync.classify;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a text into the sparse vector the spam model reads: hashed character n-grams and word
 * n-grams, each present feature counted once, scaled to unit length. Training and classifying share
 * this one definition, so the shipped model and the running code cannot disagree about features.
 *
 * @param bits     log2 of the number of hash buckets
 * @param minChars shortest character n-gram
 * @param maxChars longest character n-gram
 * @param maxWords longest word n-gram (0: no word features)
 * @param digits   how digits are read
 */
record SpamFeatures(int bits, int minChars, int maxChars, int maxWords, Digits digits) {
    /** How digits are read. */
    enum Digits {
        /** As they are. */
        KEPT,
        /** Every digit as 0, so that numbers of one shape look alike. */
        FOLDED,
        /**
         * As 0, and numbers of 7 or more digits (spaces or dashes between them allowed) left out: a phone
         * number alone says nothing about spam, and customers leave call-back numbers.
         */
        FOLDED_PHONE_NUMBERS_DROPPED
    }

    private static final Pattern PHONE_NUMBER = Pattern.compile("(?:0[ -]?){6,}0");
    private static final int PHONE_NUMBER_MIN_DIGITS = 7;
    private static final Pattern MULTIPLE_SPACES = Pattern.compile(" {2,}");

    SpamFeatures {
        if (digits == null || bits < 8 || bits > 24 || minChars < 1 || maxChars < minChars || maxChars > 8 || maxWords < 0 || maxWords > 3) {
            throw new IllegalArgumentException("unusable spam features " + bits + "/" + minChars + "/" + maxChars + "/" + maxWords);
        }
    }

    /** A sparse vector: sorted distinct bucket indexes and their values. */
    record Vector(int[] index, float[] value) {
    }

    Vector of(String text) {
        String normalized = normalize(text);
        String padded = " " + normalized + " ";
        // Words are apart by exactly one space in the normalized text (see normalize), so a word n-gram is the
        // substring from its first word's start to its last word's end: hashed in place, no joined copy.
        int[] wordStarts = wordStarts(normalized);
        int words = wordStarts.length;
        int[] hashes = new int[featureCount(padded.length(), words)];
        int count = 0;
        for (int n = minChars; n <= maxChars; n++) {
            for (int start = 0; start + n <= padded.length(); start++) {
                hashes[count++] = hash(0x811C9DC5 ^ n, padded, start, start + n);
            }
        }
        for (int n = 1; n <= maxWords; n++) {
            for (int start = 0; start + n <= words; start++) {
                int end = start + n < words ? wordStarts[start + n] - 1 : normalized.length();
                hashes[count++] = hash(0x01000193 * (n + 7), normalized, wordStarts[start], end);
            }
        }
        int mask = (1 << bits) - 1;
        int[] index = new int[count];
        for (int i = 0; i < count; i++) {
            index[i] = hashes[i] & mask;
        }
        Arrays.sort(index);
        int distinct = 0;
        for (int i = 0; i < count; i++) {
            if (distinct == 0 || index[distinct - 1] != index[i]) {
                index[distinct++] = index[i];
            }
        }
        float[] value = new float[distinct];
        Arrays.fill(value, distinct == 0 ? 0f : (float) (1 / Math.sqrt(distinct)));
        return new Vector(Arrays.copyOf(index, distinct), value);
    }

    /** How many n-grams {@link #of} hashes: each length's windows over the padded text, then over the words. */
    private int featureCount(int paddedLength, int words) {
        int count = 0;
        for (int n = minChars; n <= maxChars; n++) {
            count += Math.max(0, paddedLength - n + 1);
        }
        for (int n = 1; n <= maxWords; n++) {
            count += Math.max(0, words - n + 1);
        }
        return count;
    }

    /** Where each word of a normalized text starts (as {@code normalized.split(" ")} would cut it); none for an empty text. */
    private static int[] wordStarts(String normalized) {
        if (normalized.isEmpty()) {
            return new int[0];
        }
        int[] starts = new int[16];
        int words = 0;
        starts[words++] = 0;
        for (int i = normalized.indexOf(' '); i >= 0; i = normalized.indexOf(' ', i + 1)) {
            starts = grow(starts, words);
            starts[words++] = i + 1;
        }
        return Arrays.copyOf(starts, words);
    }

    /** Lower case, one space between words, curly apostrophes straight, HTML entities decoded, digits as {@link #digits}. */
    String normalize(String text) {
        if (text == null) {
            return "";
        }
        String lower = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
        StringBuilder out = new StringBuilder(lower.length());
        boolean space = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
                continue;
            }
            out.append(digits != Digits.KEPT && c >= '0' && c <= '9' ? '0' : c);
            space = false;
        }
        String result = (space && !out.isEmpty() ? out.substring(0, out.length() - 1) : out.toString());
        // A phone number is at least seven digits (each now 0): without seven zeros there is none to drop, and the
        // text already has single spaces and nothing to strip, so the two regexes are skipped (they ran per line).
        if (digits == Digits.FOLDED_PHONE_NUMBERS_DROPPED && zeros(result) >= PHONE_NUMBER_MIN_DIGITS) {
            result = MULTIPLE_SPACES.matcher(PHONE_NUMBER.matcher(result).replaceAll("")).replaceAll(" ").strip();
        }
        return result;
    }

    private static int zeros(String text) {
        int zeros = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '0') {
                zeros++;
            }
        }
        return zeros;
    }

    static int[] grow(int[] array, int count) {
        return count < array.length ? array : Arrays.copyOf(array, array.length * 2);
    }

    /** FNV-1a over the chars, then a final mix so that the low bits, which pick the bucket, are well spread; shared with {@link IntentFeatures}. */
    static int hash(int seed, String text, int from, int to) {
        int h = seed;
        for (int i = from; i < to; i++) {
            h ^= text.charAt(i);
            h *= 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
