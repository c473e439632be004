// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.model.KernelVersion;
import io.drbdpilot.drbd.model.UtilsVersion;
import io.drbdpilot.drbd.parse.DumpXmlParser;
import io.drbdpilot.drbd.parse.Events2Parser;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.drbd.parse.VersionParser;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.SessionState;
import io.drbdpilot.ssh.SshException;
import io.drbdpilot.ssh.StreamHandle;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one node over its SSH session: at connect it learns the host name, versions and configuration, then
 * chooses a {@link ReadMode}: one {@code drbdsetup events2 --timestamps --statistics all} stream folded into state
 * (DRBD 9 with {@code --poll} and a periodic {@code n}; 8.4 with {@code /proc/drbd} read once a second while a resync
 * runs), or {@code /proc/drbd} polled on kernels without events2. When the stream ends it is restarted, and the state
 * is rebuilt from the new initial dump. Every change is reported through {@code onChange}.
 */
public final class NodeMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeMonitor.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(2);
    /** The readMode's clock: /proc/drbd during a resync, and the events2 poll, at most this often. */
    private static final Duration TICK = Duration.ofSeconds(1);
    /** Without a resync, an {@code n} this often keeps DRBD 9's counters fresh; /proc is polled every 2 ticks. */
    private static final int IDLE_POLL_TICKS = 30;
    private static final int PROC_IDLE_TICKS = 2;
    /** A node's turn at the {@link ReadGate} ends after this even if its initial state is not in yet. */
    static final Duration TURN_LIMIT = Duration.ofSeconds(30);
    /** The host name, /proc/drbd (the kernel's version) and the utils' version. */
    private static final RemoteCommand[] SMALL_READS = {RemoteCommand.of("uname", "-n"),
        RemoteCommand.of("cat", "/proc/drbd"), RemoteCommand.root("drbdadm", "--version")};
    private static final RemoteCommand DUMP_XML = RemoteCommand.root("drbdadm", "dump-xml");

    private final String name;
    private final NodeChannel session;
    private final Runnable onChange;
    /** Made by {@link #start()} or {@link #readOnce()}, which decide its kind of thread. */
    private volatile ScheduledExecutorService worker;
    /** Guards the turn and the stream (the node's state has its own lock, in {@link NodeFacts}). */
    private final Object lock = new Object();
    private final ConfigPool configs;
    private final ReadGate gate;
    private final NodeFacts facts;
    /** The turn at the gate while this node's big first reads run (under {@code lock}). */
    private ReadGate.Turn turn;
    private StreamHandle stream;
    private volatile ReadMode readMode;
    private long ticks;
    private long lastPollTick;
    private volatile boolean closed;

    public NodeMonitor(String name, NodeChannel session, Clock clock, Runnable onChange) {
        this(name, session, clock, onChange, new ConfigPool(), new ReadGate(1));
    }

    NodeMonitor(String name, NodeChannel session, Clock clock, Runnable onChange, ConfigPool configs,
            ReadGate gate) {
        this.configs = configs;
        this.gate = gate;
        this.name = name;
        this.session = session;
        this.onChange = onChange;
        this.facts = new NodeFacts(name, clock);
        session.addListener(this::connectionChanged);
    }

    NodeChannel session() {
        return session;
    }

    public String name() {
        return name;
    }

    /**
     * Watches the node until closed. The worker is a virtual thread, and so is the SSH session's reader it connects
     * ({@link io.drbdpilot.ssh.SshConnector}): a window on 200 nodes holds 400 fewer platform threads (their stacks and
     * the kernel's). A one-shot read keeps platform threads ({@link #readOnce()}).
     */
    public void start() {
        worker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("monitor-" + name).factory());
        worker.execute(this::collect);
        worker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the node once instead of watching it (a one-shot {@code status}): every read goes out at the same time,
     * the state comes from {@code drbdsetup events2 --now} (or /proc/drbd where events2 is missing), and nothing is
     * read again. {@link #settled()} says when it is in; a failure leaves the node STALE with the reason.
     */
    public void readOnce() {
        // A platform thread: as a virtual one, a one-shot status of the lab's two nodes took 0.35 s longer, measured in
        // alternation (not pinned down; a virtual thread that waits for another's class initialiser holds its carrier)
        worker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("monitor-" + name).daemon()
                .factory());
        worker.execute(this::collectOnce);
    }

    /** The current view; safe from any thread. */
    public NodeView view() {
        return facts.view();
    }

    /** Re-reads the configuration ({@code drbdadm dump-xml}) on request. */
    public void refreshConfig() {
        ScheduledExecutorService w = worker;
        if (w == null) {
            return; // not started: the first read reads it
        }
        w.execute(() -> {
            try {
                readConfig();
                onChange.run();
            } catch (SshException | ParseException e) {
                LOG.warn("Re-reading the configuration of {} failed: {}", name, e.getMessage());
            }
        });
    }

    private void collect() {
        if (closed) {
            return;
        }
        try {
            // The three small reads go out together: one round trip instead of three.
            ReadMode chosen = learn(session.runAll(COMMAND_TIMEOUT, SMALL_READS));
            takeTurn();
            readConfig();
            if (chosen == ReadMode.PROC) {
                readProc(); // then every tick
                endTurn();
            } else {
                startStream(chosen == ReadMode.EVENTS2_POLL);
            }
        } catch (SshException | ParseException e) {
            endTurn();
            stale(e.getMessage());
            retryLater();
        } catch (InterruptedException e) {
            endTurn(); // closed while waiting
            Thread.currentThread().interrupt();
        }
    }

    /** The host name, kernel and utils versions from the {@link #SMALL_READS}, and the read mode they call for. */
    private ReadMode learn(CommandResult[] first) throws ParseException {
        String host = first[0].stdout().strip();
        KernelVersion k = first[1].ok() ? ProcDrbdParser.parse(first[1].stdout()).value().kernel() : null;
        UtilsVersion u = first[2].ok() ? VersionParser.parse(first[2].stdout()).value() : null;
        ReadMode chosen = ReadMode.choose(k, u);
        facts.learned(host, k, u, chosen);
        readMode = chosen;
        LOG.info("Node {}: kernel {}, utils {}, readMode {}", name, k == null ? "?" : k.version(),
                u == null ? "?" : u.utilsVersion(), chosen.label());
        return chosen;
    }

    private void collectOnce() {
        try {
            takeTurn(); // a one-shot read of 200 nodes holds their dumps in turns, as the monitor does
            CommandResult[] all = session.runAll(COMMAND_TIMEOUT, SMALL_READS[0], SMALL_READS[1],
                    SMALL_READS[2], DUMP_XML, RemoteCommand.root("drbdsetup", "events2", "--now", "--timestamps",
                            "--statistics", "all"));
            ReadMode chosen = learn(all);
            config(all[3]);
            if (chosen == ReadMode.PROC) {
                proc(all[1]);
            } else if (!all[4].ok()) {
                stale("drbdsetup events2 --now failed: " + RemoteText.line(all[4].stderr().strip(), 200));
            } else {
                Events2State once = new Events2State();
                all[4].stdout().lines().forEach(line -> line(once, line));
                // 8.4: a resync's speed and ETA, as the monitor shows them
                if (!facts.once(once, chosen == ReadMode.EVENTS2_PROC && all[1].ok() ? all[1].stdout() : null)) {
                    stale("drbdsetup events2 --now ended before its dump was whole");
                }
                onChange.run();
            }
        } catch (SshException | ParseException e) {
            stale(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            endTurn();
        }
    }

    /** Waits for this node's turn at the cluster's gate for the big first reads; it ends by {@link #TURN_LIMIT}. */
    private void takeTurn() throws InterruptedException {
        endTurn();
        ReadGate.Turn t = gate.enter();
        synchronized (lock) {
            turn = t;
        }
        worker.schedule(t::close, TURN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void endTurn() {
        ReadGate.Turn t;
        synchronized (lock) {
            t = turn;
            turn = null;
        }
        if (t != null) {
            t.close();
        }
    }

    private void readConfig() throws SshException, ParseException {
        config(session.run(DUMP_XML, COMMAND_TIMEOUT));
    }

    private void config(CommandResult xml) throws ParseException {
        facts.config(xml.ok() ? configs.share(DumpXmlParser.parse(xml.stdout()).value()) : null);
    }

    private void startStream(boolean poll) throws SshException {
        Events2State fresh = facts.newDump();
        RemoteCommand cmd = poll
                ? RemoteCommand.root("drbdsetup", "events2", "--timestamps", "--statistics", "--poll", "all")
                : RemoteCommand.root("drbdsetup", "events2", "--timestamps", "--statistics", "all");
        StreamHandle h = session.stream(cmd, line -> line(fresh, line));
        synchronized (lock) {
            stream = h;
        }
        h.ended().thenAccept(end -> {
            endTurn();
            if (!closed) {
                stale("the events2 stream ended: " + end.reason()
                        + (end.detail() == null || end.detail().isBlank() ? "" : " (" + end.detail() + ")"));
                retryLater();
            }
        });
    }

    private int lineNumber;

    private void line(Events2State target, String line) {
        try {
            NodeFacts.Applied done = facts.apply(target, Events2Parser.parseLine(line, ++lineNumber));
            if (done == NodeFacts.Applied.WHOLE) {
                endTurn(); // the next node's turn at the gate comes
            }
            if (done != NodeFacts.Applied.QUIET) {
                onChange.run();
            }
        } catch (ParseException e) {
            LOG.warn("Unreadable events2 line from {}: {}", name, e.getMessage());
        }
    }

    /**
     * Once a second on the worker: DRBD 9 gets an {@code n} (every tick during a resync, else now and then); 8.4
     * reads /proc/drbd while a resync runs; older kernels poll /proc/drbd.
     */
    private void tick() {
        if (closed) {
            return;
        }
        ticks++;
        ReadMode c = readMode;
        if (c == null) {
            return;
        }
        NodeView v = view();
        boolean live = v.freshness() == NodeView.Freshness.LIVE;
        try {
            switch (c) {
                case EVENTS2_POLL -> {
                    StreamHandle h;
                    synchronized (lock) {
                        h = stream;
                    }
                    if (live && h != null && (v.resyncRuns() || ticks - lastPollTick >= IDLE_POLL_TICKS)) {
                        lastPollTick = ticks;
                        h.write("n\n");
                    }
                }
                case EVENTS2_PROC -> {
                    if (live && v.resyncRuns()) {
                        readProc();
                    } else if (live && facts.clearProc()) {
                        onChange.run();
                    }
                }
                case PROC -> {
                    if (!live || ticks % PROC_IDLE_TICKS == 0 || v.resyncRuns()) {
                        readProc();
                    }
                }
                default -> throw new IllegalStateException();
            }
        } catch (SshException | IOException | ParseException e) {
            if (c == ReadMode.PROC) {
                stale(e.getMessage());
            } else {
                LOG.debug("ReadMode tick on {} failed: {}", name, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("ReadMode tick on {} failed", name, e);
        }
    }

    private void readProc() throws SshException, ParseException {
        proc(session.run(SMALL_READS[1], COMMAND_TIMEOUT));
    }

    private void proc(CommandResult r) throws ParseException {
        if (!r.ok()) {
            if (readMode == ReadMode.PROC) {
                stale("/proc/drbd cannot be read (is the DRBD module loaded?): " + r.stderr().strip());
            }
            return;
        }
        if (facts.proc(r.stdout())) {
            onChange.run();
        }
    }

    private void connectionChanged(SessionState s) {
        if (s.kind() == SessionState.Kind.DOWN || s.needsUser()) {
            stale(s.reason());
        }
    }

    private void stale(String why) {
        if (facts.stale(why)) {
            LOG.info("Node {} is STALE: {}", name, why);
            onChange.run();
        }
    }

    private void retryLater() {
        if (!closed && !session.state().needsUser()) {
            worker.schedule(this::collect, RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Used by tests and the status command: the initial dump arrived, or the node is known to be unreachable. */
    public boolean settled() {
        NodeView v = view();
        return v.ready() || v.freshness() == NodeView.Freshness.STALE;
    }

    @Override
    public void close() {
        closed = true;
        endTurn();
        StreamHandle h;
        synchronized (lock) {
            h = stream;
        }
        if (h != null) {
            h.cancel();
        }
        ScheduledExecutorService w = worker;
        if (w != null) {
            w.shutdownNow();
        }
        session.close();
    }
}
