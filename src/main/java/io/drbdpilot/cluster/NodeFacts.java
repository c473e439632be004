// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.model.KernelVersion;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.UtilsVersion;
import io.drbdpilot.drbd.parse.Events2Event;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.drbd.parse.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What is known of one node, and the {@link NodeView} built from it: the host name and versions, the configuration,
 * the events2 state (or /proc/drbd's), and whether it is live or stale and why. {@link NodeMonitor} reads the node
 * and hands each reading in here; every method is safe from any thread (one lock), and nothing here calls out.
 */
final class NodeFacts {

    /** What a line of events2 did to the state shown. */
    enum Applied {
        /** Nothing shown changed (a new stream's dump is still arriving, or the state is not whole yet). */
        QUIET,
        /** The state shown changed. */
        CHANGED,
        /** A new stream's dump just came in whole and replaced the state shown. */
        WHOLE
    }

    private final String name;
    private final Clock clock;
    private final Object lock = new Object();
    /** The state shown: that of the last stream whose initial dump came in whole. */
    private Events2State fold = new Events2State();
    /**
     * A new stream's state while its initial dump arrives: it replaces {@link #fold} only once whole, so the view
     * never shows half a dump (a restarted stream keeps showing the last known state, marked stale, until then), and a
     * node's view is not rebuilt for every line of its dump.
     */
    private Events2State next;
    private String drbdHost;
    private KernelVersion kernel;
    private UtilsVersion utils;
    private DrbdConfig config;
    private NodeView.Freshness freshness = NodeView.Freshness.CONNECTING;
    private Instant since;
    private String reason = "connecting";
    private Instant observedAt;
    private ReadMode readMode;
    private final ProcReadings proc = new ProcReadings();
    private List<ResourceState> procResources = List.of();
    private boolean procReady;
    /** The last view built, valid until the next change: most snapshots change one node, not all. */
    private NodeView cached;

    NodeFacts(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
        this.since = clock.instant();
    }

    NodeView view() {
        synchronized (lock) {
            if (cached == null) {
                boolean polled = readMode == ReadMode.PROC;
                cached = new NodeView(name, drbdHost, freshness, since, reason, kernel, utils, config,
                        polled ? procResources : proc.overlay(fold.resources()), fold.helperEvents(),
                        fold.replicationSince(), observedAt, polled ? procReady : fold.initialDumpComplete(),
                        readMode);
            }
            return cached;
        }
    }

    ReadMode readMode() {
        synchronized (lock) {
            return readMode;
        }
    }

    /** The host name, versions and the read mode they call for, as learnt at connect. */
    void learned(String host, KernelVersion k, UtilsVersion u, ReadMode mode) {
        synchronized (lock) {
            drbdHost = host;
            kernel = k;
            utils = u;
            readMode = mode;
            cached = null;
        }
    }

    void config(DrbdConfig c) {
        synchronized (lock) {
            config = c;
            cached = null;
        }
    }

    /** A new stream starts with a new initial dump: once whole, that is the truth. */
    Events2State newDump() {
        Events2State fresh = new Events2State();
        synchronized (lock) {
            next = fresh;
        }
        return fresh;
    }

    /** One line of a stream into {@code target} (the dump of {@link #newDump()}, or the state shown). */
    Applied apply(Events2State target, Events2Event e) {
        synchronized (lock) {
            target.apply(e);
            boolean whole = false;
            if (target == next && target.initialDumpComplete()) {
                fold = target; // the new dump is whole: it replaces what was shown
                next = null;
                whole = true;
            }
            if (target == fold && target.initialDumpComplete()) {
                live();
                return whole ? Applied.WHOLE : Applied.CHANGED;
            }
            return Applied.QUIET;
        }
    }

    /**
     * A one-shot read's state ({@code events2 --now}), shown at once; on 8.4 the resync's speed and ETA from
     * {@code procText} (or null). Returns whether it was whole.
     */
    boolean once(Events2State read, String procText) throws ParseException {
        synchronized (lock) {
            next = null;
            fold = read;
            if (procText != null) {
                proc.update(procText);
            }
            if (read.initialDumpComplete()) {
                live();
            }
            cached = null;
            return read.initialDumpComplete();
        }
    }

    /**
     * A reading of /proc/drbd: the state itself where events2 is missing, else a resync's progress laid over events2.
     * Returns whether the view changed.
     */
    boolean proc(String text) throws ParseException {
        synchronized (lock) {
            boolean changed = proc.update(text);
            observedAt = clock.instant();
            if (readMode == ReadMode.PROC) {
                changed |= !procReady || freshness != NodeView.Freshness.LIVE;
                procResources = proc.resources(config, drbdHost);
                procReady = true;
                live();
            }
            if (changed) {
                cached = null;
            }
            return changed;
        }
    }

    /** Drops a resync's /proc/drbd figures once it is over; returns whether there were any. */
    boolean clearProc() {
        synchronized (lock) {
            if (proc.isEmpty()) {
                return false;
            }
            proc.clear();
            cached = null;
            return true;
        }
    }

    /** The node cannot be read: its last known state stays, marked stale. Returns false when it already was. */
    boolean stale(String why) {
        synchronized (lock) {
            if (freshness == NodeView.Freshness.STALE) {
                return false;
            }
            freshness = NodeView.Freshness.STALE;
            since = clock.instant();
            reason = why == null ? "" : why;
            cached = null;
            return true;
        }
    }

    /** Just read: the node is live (under {@code lock}). */
    private void live() {
        observedAt = clock.instant();
        cached = null;
        if (freshness != NodeView.Freshness.LIVE) {
            freshness = NodeView.Freshness.LIVE;
            since = clock.instant();
            reason = "";
        }
    }
}
