package dev.mqtemplate.client.protocol;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The extFields of a decoded command: keys and values side by side in one array, in wire order.
 *
 * <p>A response carries a handful of fields and is asked for two or three of them, once. A linear scan over one
 * array finds them as fast as hashing does, and costs one allocation instead of a table, an entry per field and a
 * wrapper, which made up about a fifth of the bytes a send allocated.
 *
 * <p>Filled by a decoder with {@link #add}, then handed over and never modified again: unmodifiable from outside.
 * A key given twice keeps its first position and its last value, as a {@link java.util.LinkedHashMap} would.
 */
final class DecodedFields extends AbstractMap<String, String> {

    /** Key {@code i} at {@code 2 * i}, its value at {@code 2 * i + 1}. */
    private String[] keysAndValues;

    private int size;

    private Set<Entry<String, String>> entries;

    DecodedFields() {
        // a broker's send response has six or seven fields
        this.keysAndValues = new String[16];
    }

    /** Adds a field while decoding; neither may be {@code null}. */
    void add(String key, String value) {
        int existing = indexOf(key);
        if (existing >= 0) {
            keysAndValues[existing + 1] = value;
            return;
        }
        if (2 * size == keysAndValues.length) {
            keysAndValues = Arrays.copyOf(keysAndValues, keysAndValues.length * 2);
        }
        keysAndValues[2 * size] = key;
        keysAndValues[2 * size + 1] = value;
        size++;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < 2 * size; i += 2) {
            String candidate = keysAndValues[i];
            // decoders hand out shared constants for known keys: identity usually decides
            if (candidate == key || candidate.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(Object key) {
        int index = indexOf(key);
        return index < 0 ? null : keysAndValues[index + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        Set<Entry<String, String>> view = entries;
        if (view == null) {
            view = new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, String> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            int index = 2 * next++;
                            return new SimpleImmutableEntry<>(keysAndValues[index], keysAndValues[index + 1]);
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
            entries = view;
        }
        return view;
    }
}
