// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One object's text fields (an object has about fifteen), in insertion order, with short values shared. The keys live
 * in a {@link Shape} that every object with the same keys in the same order shares (all devices of a node, of a
 * cluster, look alike), so an object holds only its values: a monitor of a large cluster holds a million of these.
 * Names and ids are shared by the fold itself ({@link Events2State}): sent to the bounded pool, a cluster's thousands
 * of resource names would fill it and leave the minors and sizes it is for unshared. Null keys and values are kept, as
 * HashMap keeps them: malformed input is not fatal. Not thread-safe (the shapes are).
 */
final class Fields implements Map<String, String> {

    private static final String[] NONE = {};

    private Shape shape = Shape.EMPTY;
    /** Values by the shape's key index; may be longer than the shape while an object is being filled. */
    private String[] values = NONE;

    private static String adopt(String key, String value) {
        return switch (key) {
            case "name", "conn-name", "peer-node-id" -> value;
            case null -> value;
            default -> SharedTexts.share(value);
        };
    }

    @Override
    public String get(Object key) {
        int i = shape.indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return shape.indexOf(key) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        for (int i = 0; i < size(); i++) {
            if (Objects.equals(values[i], value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String put(String key, String value) {
        value = adopt(key, value);
        int i = shape.indexOf(key);
        if (i >= 0) {
            String old = values[i];
            if (!Objects.equals(value, old)) {
                values[i] = value; // an equal value keeps the instance already held
            }
            return old;
        }
        int n = size();
        if (n == values.length) {
            values = Arrays.copyOf(values, Math.max(4, n + (n >> 1) + 1));
        }
        shape = shape.with(key);
        values[n] = value;
        return null;
    }

    @Override
    public String remove(Object key) {
        int i = shape.indexOf(key);
        if (i < 0) {
            return null;
        }
        String old = values[i];
        int n = size();
        System.arraycopy(values, i + 1, values, i, n - i - 1);
        values[n - 1] = null;
        shape = shape.without(i);
        return old;
    }

    @Override
    public void putAll(Map<? extends String, ? extends String> m) {
        m.forEach(this::put);
    }

    @Override
    public void clear() {
        shape = Shape.EMPTY;
        values = NONE;
    }

    @Override
    public int size() {
        return shape.keys.length;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Gives back the unused room (after a dump: most objects never grow again). */
    void trim() {
        if (values.length > size()) {
            values = size() == 0 ? NONE : Arrays.copyOf(values, size());
        }
    }

    /** Not cached: a cached view would cost a field in every one of a million maps. */
    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return new Cursor<>(i -> shape.keys[i]);
            }

            @Override
            public int size() {
                return Fields.this.size();
            }
        };
    }

    @Override
    public Collection<String> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<String> iterator() {
                return new Cursor<>(i -> values[i]);
            }

            @Override
            public int size() {
                return Fields.this.size();
            }
        };
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Cursor<>(i -> new AbstractMap.SimpleImmutableEntry<>(shape.keys[i], values[i]));
            }

            @Override
            public int size() {
                return Fields.this.size();
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Map<?, ?> m) || m.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            Object k = shape.keys[i];
            if (!Objects.equals(values[i], m.get(k)) || (values[i] == null && !m.containsKey(k))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < size(); i++) {
            h += Objects.hashCode(shape.keys[i]) ^ Objects.hashCode(values[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(shape.keys[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }

    /** Whether two objects share their key layout (for tests: the point of this class). */
    boolean sameShape(Fields other) {
        return shape == other.shape;
    }

    /** Walks the entries by index; remove() takes the last one returned out. */
    private final class Cursor<T> implements Iterator<T> {
        private final java.util.function.IntFunction<T> at;
        private int next;
        private boolean removable;

        Cursor(java.util.function.IntFunction<T> at) {
            this.at = at;
        }

        @Override
        public boolean hasNext() {
            return next < size();
        }

        @Override
        public T next() {
            if (next >= size()) {
                throw new NoSuchElementException();
            }
            removable = true;
            return at.apply(next++);
        }

        @Override
        public void remove() {
            if (!removable) {
                throw new IllegalStateException();
            }
            removable = false;
            Fields.this.remove(shape.keys[--next]);
        }
    }

    /**
     * An ordered set of keys, shared: from the empty shape, adding the same keys in the same order always gives the
     * same instance. Thread-safe (every node's fold uses them). Shapes are few (one per kind of object and order of its
     * keys); once {@link #MAX_SHARED} exist, new ones are made but not kept, so odd input cannot grow them for ever.
     */
    static final class Shape {
        static final Shape EMPTY = new Shape(NONE);
        private static final int MAX_SHARED = 4096;
        private static final AtomicInteger SHARED = new AtomicInteger();

        final String[] keys;
        private final Map<String, Shape> next = new ConcurrentHashMap<>();

        private Shape(String[] keys) {
            this.keys = keys;
        }

        int indexOf(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == key) {
                    return i;
                }
            }
            for (int i = 0; i < keys.length; i++) {
                if (Objects.equals(keys[i], key)) {
                    return i;
                }
            }
            return -1;
        }

        /** @param key a string, or null (key null is not a valid map key in ConcurrentHashMap: kept apart) */
        Shape with(String key) {
            if (key == null) {
                return extended(null);
            }
            Shape s = next.get(key);
            if (s != null) {
                return s;
            }
            if (SHARED.get() >= MAX_SHARED) {
                return extended(key);
            }
            return next.computeIfAbsent(key, k -> {
                SHARED.incrementAndGet();
                return extended(k);
            });
        }

        private Shape extended(String key) {
            String[] k = Arrays.copyOf(keys, keys.length + 1);
            k[keys.length] = key;
            return new Shape(k);
        }

        /** The shape without the key at {@code index}: the shared one, walked again from the empty shape. */
        Shape without(int index) {
            Shape s = EMPTY;
            for (int i = 0; i < keys.length; i++) {
                if (i != index) {
                    s = s.with(keys[i]);
                }
            }
            return s;
        }
    }
}
