// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A map for the few entries of one DRBD object (volumes, peers, paths): keys and values side by side in one array,
 * found by a linear scan, in insertion order or, with a comparator, in key order. A monitor of a large cluster holds
 * a million of them, so an empty one holds no array and a full one has no per-entry objects. Not thread-safe.
 */
final class SmallMap<K, V> extends AbstractMap<K, V> {

    private final Comparator<? super K> order;
    private Object[] kv;
    private int size;

    SmallMap() {
        this(null);
    }

    /** @param order keeps the keys sorted (volumes); null keeps insertion order */
    SmallMap(Comparator<? super K> order) {
        this.order = order;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            if (kv[2 * i] == key) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (Objects.equals(kv[2 * i], key)) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private V valueAt(int i) {
        return (V) kv[2 * i + 1];
    }

    @SuppressWarnings("unchecked")
    private K keyAt(int i) {
        return (K) kv[2 * i];
    }

    @Override
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : valueAt(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public V put(K key, V value) {
        // null keys and values are kept, as HashMap keeps them: malformed input is not fatal
        int i = indexOf(key);
        if (i >= 0) {
            V old = valueAt(i);
            if (!Objects.equals(value, old)) {
                kv[2 * i + 1] = value; // an equal value keeps the instance already held
            }
            return old;
        }
        if (kv == null) {
            kv = new Object[2];
        } else if (2 * size == kv.length) {
            kv = Arrays.copyOf(kv, 2 * Math.max(2, size + (size >> 1)));
        }
        int at = size;
        if (order != null) {
            while (at > 0 && key != null && keyAt(at - 1) != null && order.compare(keyAt(at - 1), key) > 0) {
                at--;
            }
            System.arraycopy(kv, 2 * at, kv, 2 * at + 2, 2 * (size - at));
        }
        kv[2 * at] = key;
        kv[2 * at + 1] = value;
        size++;
        return null;
    }

    @Override
    public V remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        V old = valueAt(i);
        System.arraycopy(kv, 2 * i + 2, kv, 2 * i, 2 * (size - i - 1));
        size--;
        kv[2 * size] = null;
        kv[2 * size + 1] = null;
        return old;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        kv = null;
        size = 0;
    }

    /** Gives back the unused room (after a dump: most objects never grow again). */
    void trim() {
        if (size == 0) {
            kv = null;
        } else if (kv.length > 2 * size) {
            kv = Arrays.copyOf(kv, 2 * size);
        }
    }

    /** Not cached (unlike AbstractMap's): a cached view would cost a field's object in every one of a million maps. */
    @Override
    public Collection<V> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                Iterator<Entry<K, V>> it = entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public V next() {
                        return it.next().getValue();
                    }

                    @Override
                    public void remove() {
                        it.remove();
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private boolean removable;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<K, V> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        removable = true;
                        int i = next++;
                        return new SimpleImmutableEntry<>(keyAt(i), valueAt(i));
                    }

                    @Override
                    public void remove() {
                        if (!removable) {
                            throw new IllegalStateException();
                        }
                        removable = false;
                        SmallMap.this.remove(keyAt(--next));
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
