package io.msgframe.protocol.body;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Defensive, order-preserving, unmodifiable copies for body records. A missing collection becomes an empty one:
 * clients dereference required lists and maps, so the model never holds null there (reference §1.10).
 */
final class Copies {
    private Copies() {
    }

    static <T> List<T> list(Collection<? extends T> source) {
        return source == null || source.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(source));
    }

    static <T> Set<T> set(Collection<? extends T> source) {
        return source == null || source.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(source));
    }

    static <K, V> Map<K, V> map(Map<? extends K, ? extends V> source) {
        return source == null || source.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
