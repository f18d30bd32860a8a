package io.smsync.classify;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A linear spam model over {@link SpamFeatures}: a weight per hash bucket, a bias and the decision
 * threshold chosen at training. The built-in one ships in the jar, trained on the SMS Spam Collection
 * (see docs/classifier.md). The file is big-endian: the magic {@code SPAM}, a format version (1), the
 * feature settings (bits, shortest and longest character n-gram, longest word n-gram, how digits
 * are read as the ordinal of {@link SpamFeatures.Digits}: one byte each), then the threshold, the bias and the weight scale as floats, then one signed byte per
 * bucket (weight = byte x scale).
 */
public final class SpamModel {
    static final String RESOURCE = "/io/smsync/classify/spam-model.bin";
    static final int MAGIC = 0x5350414D;
    static final int VERSION = 1;

    private final SpamFeatures features;
    private final float threshold;
    private final float bias;
    private final float scale;
    private final byte[] weights;

    SpamModel(SpamFeatures features, float threshold, float bias, float scale, byte[] weights) {
        if (weights.length != 1 << features.bits()) {
            throw new IllegalArgumentException("a spam model with " + features.bits() + " bits needs " + (1 << features.bits())
                    + " weights, not " + weights.length);
        }
        this.features = features;
        this.threshold = threshold;
        this.bias = bias;
        this.scale = scale;
        this.weights = weights;
    }

    /** The model shipped in the jar. */
    public static SpamModel builtIn() {
        try (InputStream in = SpamModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the spam model " + RESOURCE + " is missing from the jar");
            }
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SpamModel read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalArgumentException("not a spam model of format " + VERSION);
            }
            int bits = in.readByte();
            int minChars = in.readByte();
            int maxChars = in.readByte();
            int maxWords = in.readByte();
            int digits = in.readByte();
            if (digits < 0 || digits >= SpamFeatures.Digits.values().length) {
                throw new IllegalArgumentException("the spam model reads digits in an unknown way (" + digits + ")");
            }
            SpamFeatures features = new SpamFeatures(bits, minChars, maxChars, maxWords, SpamFeatures.Digits.values()[digits]);
            float threshold = in.readFloat();
            float bias = in.readFloat();
            float scale = in.readFloat();
            byte[] weights = new byte[1 << features.bits()];
            in.readFully(weights);
            if (in.read() != -1) {
                throw new IllegalArgumentException("the spam model has bytes after its weights");
            }
            return new SpamModel(features, threshold, bias, scale, weights);
        } catch (IOException e) {
            throw new IllegalArgumentException("the spam model is cut short", e);
        }
    }

    /** The model's score for the text: above {@link #threshold()} is spam. */
    double score(String text) {
        SpamFeatures.Vector vector = features.of(text);
        double sum = 0;
        for (int i = 0; i < vector.index().length; i++) {
            sum += weights[vector.index()[i]] * vector.value()[i];
        }
        return bias + scale * sum;
    }

    /** The probability the text is spam, as the model estimates it. */
    public double probability(String text) {
        return 1 / (1 + Math.exp(-score(text)));
    }

    /** Whether the model calls the text spam. */
    public boolean isSpam(String text) {
        return score(text) > threshold;
    }

    double threshold() {
        return threshold;
    }

    SpamFeatures features() {
        return features;
    }
}
