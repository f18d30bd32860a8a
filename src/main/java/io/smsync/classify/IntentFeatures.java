package io.smsync.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a text into the sparse features the intent model reads: stemmed words, word pairs and
 * character n-grams inside words, each hashed into {@code 2^bits} buckets and counted. Examples and
 * texts to classify go through this one definition.
 *
 * @param bits     log2 of the number of hash buckets
 * @param minChars shortest character n-gram (0: no character n-grams)
 * @param maxChars longest character n-gram
 * @param bigrams  whether pairs of neighbouring words are features
 * @param stem     whether words are cut to a rough stem ("bookings", "booked" and "booking" are "book")
 */
record IntentFeatures(int bits, int minChars, int maxChars, boolean bigrams, boolean stem) {
    /** Words too common to tell intents apart; left out of the word features (character n-grams still see them). */
    static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "i", "me", "my", "we", "our", "us", "you", "your", "it",
            "is", "are", "am", "be", "was", "were", "to", "of", "for", "in", "on", "at", "and", "or", "so", "that", "this",
            "there", "with", "just", "please", "pls", "hi", "hey", "hello", "im", "i'm", "its", "it's", "ll", "d", "s", "m",
            "do", "does", "did", "have", "has", "had", "will", "would", "can", "could", "get", "got", "need", "want",
            "like", "some", "if", "up", "out", "by", "from", "as", "what", "how");
    /** With the stop words, words that alone say nothing about an intent ("who is this", "when"). */
    static final Set<String> CONTENTLESS = Set.of("who", "when", "where", "why", "which", "these", "those", "then", "than",
            "not", "no", "yes", "ok");

    static final IntentFeatures DEFAULT = new IntentFeatures(16, 3, 5, true, true);

    IntentFeatures {
        if (bits < 8 || bits > 24 || minChars < 0 || maxChars < minChars || maxChars > 8) {
            throw new IllegalArgumentException("unusable intent features " + bits + "/" + minChars + "/" + maxChars);
        }
    }

    /** A sparse count vector: sorted distinct bucket indexes and how often each occurred. */
    record Counts(int[] index, float[] count) {
        int size() {
            return index.length;
        }
    }

    /** The words of the text: lower case, digits as 0, split at anything but letters, digits and apostrophes. */
    List<String> words(String text) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c) || c == '\'' && !word.isEmpty()) {
                word.append(c >= '0' && c <= '9' ? '0' : c);
            } else if (!word.isEmpty()) {
                String w = strip(word.toString());
                if (!w.isEmpty()) {
                    words.add(stem ? stem(w) : w);
                }
                word.setLength(0);
            }
        }
        return words;
    }

    /** Whether the text has a word that is not a stop word: without one, it says nothing about an intent. */
    boolean hasContent(String text) {
        return words(text).stream().anyMatch(word -> !STOP_WORDS.contains(word) && !CONTENTLESS.contains(word));
    }

    Counts of(String text) {
        List<String> words = words(text);
        // Sized for every feature up front: a batch's text has hundreds of words, and growing the array by doubling showed in profiles.
        int[] hashes = new int[capacity(words)];
        int count = 0;
        String previous = null;
        for (String word : words) {
            boolean content = !STOP_WORDS.contains(word);
            if (content) {
                hashes = SpamFeatures.grow(hashes, count);
                hashes[count++] = SpamFeatures.hash(0x01000193, word, 0, word.length());
            }
            if (bigrams && previous != null) {
                hashes = SpamFeatures.grow(hashes, count);
                hashes[count++] = pairHash(previous, word);
            }
            previous = word;
            if (minChars > 0) {
                String padded = " " + word + " ";
                for (int n = minChars; n <= maxChars; n++) {
                    for (int start = 0; start + n <= padded.length(); start++) {
                        hashes = SpamFeatures.grow(hashes, count);
                        hashes[count++] = SpamFeatures.hash(0x811C9DC5 ^ n, padded, start, start + n);
                    }
                }
            }
        }
        int mask = (1 << bits) - 1;
        int[] index = new int[count];
        for (int i = 0; i < count; i++) {
            index[i] = hashes[i] & mask;
        }
        Arrays.sort(index);
        int[] distinct = new int[count];
        float[] counts = new float[count];
        int size = 0;
        for (int i = 0; i < count; i++) {
            if (size > 0 && distinct[size - 1] == index[i]) {
                counts[size - 1]++;
            } else {
                distinct[size] = index[i];
                counts[size++] = 1;
            }
        }
        return new Counts(Arrays.copyOf(distinct, size), Arrays.copyOf(counts, size));
    }

    /** At least as many features as {@link #of} hashes for these words: a word, a pair, and each char n-gram of the padded word. */
    private int capacity(List<String> words) {
        int capacity = 1;
        for (String word : words) {
            capacity += 2;
            if (minChars > 0) {
                for (int n = minChars; n <= maxChars; n++) {
                    capacity += Math.max(0, word.length() + 2 - n + 1);
                }
            }
        }
        return capacity;
    }

    /** Apostrophes at either end and a possessive or contracted tail ("ruth's", "we'll") left out. */
    private static String strip(String word) {
        String w = word;
        while (w.endsWith("'")) {
            w = w.substring(0, w.length() - 1);
        }
        int apostrophe = w.indexOf('\'');
        if (apostrophe > 0 && w.length() - apostrophe <= 3 && !w.endsWith("n't")) {
            w = w.substring(0, apostrophe);
        }
        return w;
    }

    /**
     * A rough English stem, enough to make inflections meet: plural s, -ing, -ed and a final e go, a doubled
     * final consonant becomes one ("cancelled", "cancelling", "cancels" and "cancel" are all "cancel").
     */
    static String stem(String word) {
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        boolean cut = false;
        if (w.length() > 5 && w.endsWith("ing")) {
            w = w.substring(0, w.length() - 3);
            cut = true;
        } else if (w.length() > 4 && w.endsWith("ed") && !w.endsWith("eed")) {
            w = w.substring(0, w.length() - 2);
            cut = true;
        }
        if (cut && w.length() > 3 && w.charAt(w.length() - 1) == w.charAt(w.length() - 2) && !isVowel(w.charAt(w.length() - 1))
                && w.charAt(w.length() - 1) != 's') {
            w = w.substring(0, w.length() - 1);
        }
        if (w.length() > 3 && w.endsWith("e") && !w.endsWith("ee")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }

    private static int pairHash(String first, String second) {
        String pair = first + " " + second;
        return SpamFeatures.hash(0x2F0B3C1D, pair, 0, pair.length());
    }
}
