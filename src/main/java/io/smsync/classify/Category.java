package io.smsync.classify;

import java.util.List;

/**
 * One category a batch can be classified into: a description for the LLM, keywords, regex patterns
 * and example texts for the offline classifier, and an optional reply text (null: the global auto-reply).
 */
public record Category(String name, String description, List<String> keywords, List<String> patterns, String reply,
                       List<String> examples) {
    public Category {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a category needs a name");
        }
        description = description == null ? "" : description.strip();
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
        reply = reply == null || reply.isBlank() ? null : reply;
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** A category without examples. */
    public Category(String name, String description, List<String> keywords, List<String> patterns, String reply) {
        this(name, description, keywords, patterns, reply, List.of());
    }
}
