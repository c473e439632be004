// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Every command DRBD Pilot ran on a node, as the operator may want to see it (drbdmon's task queue, Hawk's command
 * log): when, where, the argv, the exit code, how long, and what it printed (secrets masked, at most
 * {@link #OUTPUT_CAP} characters of each stream). Commands run while a plan runs are marked with that plan (its
 * {@link Group}), which a thread and the threads it starts carry; a plan's commands are kept apart from the rest, so
 * the monitor's steady reads never push a plan's commands out. Bounded; thread-safe.
 */
public final class CommandJournal {

    /** Characters kept of each of a command's streams. */
    public static final int OUTPUT_CAP = 16 * 1024;
    /** Entries kept: of plans, and of everything else, each. */
    public static final int KEPT = 2000;

    private static final InheritableThreadLocal<Group> CURRENT = new InheritableThreadLocal<>();

    /** A plan run whose commands belong together. */
    public record Group(long id, String title, Instant started) {
    }

    /**
     * One command, as it was sent ({@code sudo -n} included where the login is not root).
     *
     * @param exit   the exit code, null for a stream just started or a command that never ended (timeout, lost)
     * @param status how it ended in words when it has no exit code ("stream started", "timed out", "failed: …")
     * @param group  the plan it ran in, or null
     */
    public record Entry(long seq, Instant at, String node, List<String> argv, Integer exit, String status,
            Duration took, String stdout, String stderr, Group group) {

        /** The argv as the operator would type it, quoted as it was sent. */
        public String commandLine() {
            return String.join(" ", argv.stream().map(RemoteCommand::quote).toList());
        }
    }

    private static final AtomicLong GROUPS = new AtomicLong();

    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    private final Deque<Entry> planned = new ArrayDeque<>();
    private final Deque<Entry> other = new ArrayDeque<>();
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    public CommandJournal(Clock clock) {
        this.clock = clock;
    }

    /**
     * Marks the commands this thread (and the threads it starts from now) runs as one plan's, until the returned scope
     * is closed.
     */
    public static Scope group(String title, Instant started) {
        Group g = new Group(GROUPS.incrementAndGet(), title, started);
        Group before = CURRENT.get();
        CURRENT.set(g);
        return () -> CURRENT.set(before);
    }

    /** The plan the current thread runs in, or null. */
    public static Group currentGroup() {
        return CURRENT.get();
    }

    /** Ends a group's marking. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Records a command that ended (or not: a null result with the reason in {@code status}). */
    public void record(String node, List<String> argv, CommandResult result, String status, Duration took) {
        Group g = CURRENT.get();
        Entry e = new Entry(seq.incrementAndGet(), clock.instant().minus(took), node, List.copyOf(argv),
                result == null ? null : result.exitCode(), status, took,
                result == null ? "" : safe(result.stdout()), result == null ? "" : safe(result.stderr()), g);
        synchronized (this) {
            Deque<Entry> into = g == null ? other : planned;
            into.addLast(e);
            while (into.size() > KEPT) {
                into.removeFirst();
            }
        }
        for (Consumer<Entry> l : listeners) {
            l.accept(e);
        }
    }

    /** Every entry kept, oldest first. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(planned.size() + other.size());
        out.addAll(planned);
        out.addAll(other);
        out.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        return out;
    }

    /** Receives each new entry, on the thread that ran the command. */
    public void subscribe(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<Entry> listener) {
        listeners.remove(listener);
    }

    /** Shown as text, never run: secrets masked, control characters and terminal escapes gone, the length capped. */
    static String safe(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        // cut before masking (a megabyte of dump-xml per node), with room for a secret that straddles the cap
        String head = text.length() <= OUTPUT_CAP + 1024 ? text : text.substring(0, OUTPUT_CAP + 1024);
        String shown = RemoteText.lines(RemoteText.maskSecrets(head));
        return text.length() <= OUTPUT_CAP ? shown : shown.substring(0, Math.min(shown.length(), OUTPUT_CAP))
                + "\n… (" + (text.length() - OUTPUT_CAP) + " more characters not kept)";
    }
}
