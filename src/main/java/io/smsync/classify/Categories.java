package io.smsync.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The immutable, ordered list of categories a batch can be classified into; {@code other} is always present. */
public final class Categories {
    static final String OTHER = "other";

    private final List<Category> all;

    private Categories(List<Category> all) {
        this.all = List.copyOf(all);
    }

    /** The categories smsync uses when no categories file is configured. */
    public static Categories builtIn() {
        return of(BuiltInCategories.ALL);
    }

    /**
     * Reads a categories file (.json, .yaml or .yml) and validates it.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static Categories load(Path file) {
        return CategoriesFile.load(file);
    }

    /** These categories in this order, plus the built-in {@code other} at the end if they lack one. */
    static Categories of(List<Category> categories) {
        List<Category> all = new ArrayList<>(categories);
        Set<String> names = new HashSet<>();
        for (Category category : all) {
            if (!names.add(category.name())) {
                throw new IllegalArgumentException("category '" + category.name() + "' appears twice");
            }
        }
        if (!names.contains(OTHER)) {
            all.add(BuiltInCategories.OTHER);
        }
        return new Categories(all);
    }

    public List<Category> all() {
        return all;
    }

    public Optional<Category> find(String name) {
        return all.stream().filter(category -> category.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return all.stream().map(Category::name).toList();
    }

    @Override
    public String toString() {
        return "Categories" + names();
    }
}
