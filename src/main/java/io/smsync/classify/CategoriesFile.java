package io.smsync.classify;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smsync.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads and validates a categories file, so that a mistake stops start-up with a message an operator can act on. */
final class CategoriesFile {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
    private static final List<String> FIELDS = List.of("name", "description", "keywords", "patterns", "examples", "reply");
    private static final String SHAPE = "expected {\"categories\": [...]} or a list of categories";

    private CategoriesFile() {
    }

    static Categories load(Path file) {
        JsonNode root = read(file);
        JsonNode list = root.isObject() ? root.get("categories") : root;
        if (list == null || !list.isArray()) {
            throw problem(file, SHAPE);
        }
        if (list.isEmpty()) {
            throw problem(file, "has no categories");
        }
        List<Category> categories = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Category category = category(file, list.get(i), i + 1);
            Integer first = seen.putIfAbsent(category.name(), i + 1);
            if (first != null) {
                throw problem(file, "category '" + category.name() + "' appears twice (#" + first
                        + " and #" + (i + 1) + ")");
            }
            categories.add(category);
        }
        return Categories.of(categories);
    }

    private static JsonNode read(Path file) {
        String fileName = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper;
        if (fileName.endsWith(".json")) {
            mapper = Json.mapper();
        } else if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
            mapper = new YAMLMapper();
        } else {
            throw problem(file, "must end in .json, .yaml or .yml");
        }
        if (!Files.isRegularFile(file)) {
            throw problem(file, "does not exist or is not a file");
        }
        try {
            JsonNode root = mapper.readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw problem(file, "is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw problem(file, "cannot be parsed: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw problem(file, "cannot be read: " + e);
        }
    }

    private static Category category(Path file, JsonNode node, int number) {
        if (!node.isObject()) {
            throw problem(file, "category #" + number + " is not an object with a name");
        }
        String name = text(file, node, "name", "category #" + number);
        if (name == null || name.isBlank()) {
            throw problem(file, "category #" + number + " has no name");
        }
        if (!NAME.matcher(name).matches()) {
            throw problem(file, "category #" + number + " name '" + name
                    + "' must be a lower-case identifier (a-z, 0-9, _ or -, starting with a letter)");
        }
        String where = "category '" + name + "'";
        for (var fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw problem(file, where + " has an unknown field '" + field + "' (expected "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        String description = text(file, node, "description", where);
        List<String> keywords = strings(file, node, "keywords", where);
        List<String> patterns = strings(file, node, "patterns", where);
        for (String pattern : patterns) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw problem(file, where + " pattern '" + pattern + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        List<String> examples = strings(file, node, "examples", where);
        if ((description == null || description.isBlank()) && keywords.isEmpty() && patterns.isEmpty() && examples.isEmpty()) {
            throw problem(file, where + " has no description, no keywords, no patterns and no examples: give it at least one");
        }
        return new Category(name, description, keywords, patterns, text(file, node, "reply", where), examples);
    }

    private static String text(Path file, JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw problem(file, "'" + field + "' of " + where + " must be text");
        }
        return value.asText();
    }

    private static List<String> strings(Path file, JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        String mistake = "'" + field + "' of " + where + " must be a list of non-empty texts";
        if (!value.isArray()) {
            throw problem(file, mistake);
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw problem(file, mistake + ", found " + item);
            }
            result.add(item.asText().strip());
        }
        return result;
    }

    private static IllegalArgumentException problem(Path file, String problem) {
        return new IllegalArgumentException("categories file " + file + ": " + problem);
    }
}
