// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import io.drbdpilot.ssh.StreamHandle;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cross-admin lock of one resource: an advisory {@code flock} on every node involved, held by a command that
 * waits on its stdin for as long as the SSH channel stays open. When the app ends, or its connection dies, the
 * channel closes, {@code cat} reads end-of-file, and the kernel releases the lock: nothing is left behind. A second
 * admin (or window) is refused with who holds it and since when.
 */
public final class ResourceLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceLock.class);

    /** flock's exit code when the lock is taken ({@code -E}). */
    public static final int TAKEN = 75;
    private static final Duration WAIT = Duration.ofSeconds(15);
    /**
     * Writes the holder next to the lock, says LOCKED, then holds until stdin ends. A constant script: the holder
     * text and the path arrive as positional parameters.
     */
    static final String SCRIPT = "printf '%s\\n%s\\n' \"$1\" \"$$\" > \"$2\" && echo LOCKED && exec cat > /dev/null";
    /**
     * Ends the process that holds the lock, only when the holder file names this plan's token: after an SSH drop the
     * node may not have noticed yet that the old channel is gone, and its {@code cat} still holds the flock. A constant
     * script: the token and the holder file arrive as positional parameters. Exit 3: not ours, nothing done.
     */
    static final String RECLAIM = "IFS= read -r who < \"$2\" || exit 3; case \"$who\" in *\"$1\"*) ;; *) exit 3;; "
            + "esac; pid=$(sed -n 2p \"$2\"); case \"$pid\" in ''|*[!0-9]*) exit 3;; esac; kill \"$pid\"";
    private static final int RECLAIM_TRIES = 5;

    /** Someone else holds the lock. */
    public static final class Refused extends Exception {
        private final String node;
        private final String holder;

        Refused(String node, String holder) {
            super("The resource is locked on " + node + " by " + holder + ". Another switchover or migration is "
                    + "running; wait for it to finish. If that admin's app died, the lock went with it.");
            this.node = node;
            this.holder = holder;
        }

        public String node() {
            return node;
        }

        public String holder() {
            return holder;
        }
    }

    private final NodeAccess access;
    private final String res;
    private final String holder;
    private final Map<String, StreamHandle> held = new LinkedHashMap<>();
    /** Nodes whose lock was lost and could not be taken again yet; guarded by {@code held}. */
    private final Set<String> retake = new LinkedHashSet<>();

    /** This plan's own mark in the holder file: its lock is recognised after a reconnect. */
    private final String token;

    private ResourceLock(NodeAccess access, String res, String holder) {
        this.access = access;
        this.res = DrbdCommands.resource(res);
        this.token = "plan-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.holder = holder.replaceAll("\\p{Cntrl}", " ") + " [" + token + "]";
    }

    /** The command that ends this plan's own stale holder of the lock on a node. */
    static RemoteCommand reclaim(String res, String token) {
        return RemoteCommand.root("sh", "-c", RECLAIM, "drbd-pilot-reclaim", token, holderPath(res));
    }

    /** Who takes a lock, as another admin is shown it: {@code alice@ws1 (DRBD Pilot CLI, pid 42) since 2026-…Z}. */
    public static String holder(String client) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return System.getProperty("user.name") + "@" + host + " (" + client + ", pid " + ProcessHandle.current().pid()
                + ") since " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Where the locks live: a directory only root can write to (in {@code /run}, which is root's). Not the
     * world-writable {@code /run/lock}, where any local user could hold a plan's lock first or plant a symlink for
     * the holder file, which root would then write through.
     */
    public static final String DIR = "/run/drbd-pilot";

    public static String lockPath(String res) {
        return DIR + "/" + DrbdCommands.resource(res) + ".lock";
    }

    public static String holderPath(String res) {
        return DIR + "/" + DrbdCommands.resource(res) + ".holder";
    }

    /** Makes the lock directory (root's, mode 0700) when it is not there yet. */
    public static RemoteCommand prepare() {
        return RemoteCommand.root("mkdir", "-p", "-m", "0700", DIR);
    }

    /** The lock command as run on a node. */
    public static RemoteCommand command(String res, String holder) {
        return RemoteCommand.root("flock", "--nonblock", "--conflict-exit-code", Integer.toString(TAKEN),
                lockPath(res), "sh", "-c", SCRIPT, "drbd-pilot-lock", holder, holderPath(res));
    }

    /** Takes the lock on every node, or none. */
    public static ResourceLock acquire(NodeAccess access, List<String> nodes, String res, String holder)
            throws Refused, SshException, InterruptedException {
        ResourceLock lock = new ResourceLock(access, res, holder);
        List<Future<?>> takes = new ArrayList<>();
        Exception first = null;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String n : nodes) { // in parallel: one round trip, not one per node
                takes.add(ex.submit(() -> {
                    lock.take(n);
                    return null;
                }));
            }
            for (Future<?> f : takes) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    first = first != null ? first : (Exception) e.getCause();
                }
            }
        }
        if (first != null) {
            lock.close();
            switch (first) {
                case Refused r -> throw r;
                case SshException s -> throw s;
                case InterruptedException i -> throw i;
                case RuntimeException r -> throw r;
                default -> throw new IllegalStateException(first);
            }
        }
        return lock;
    }

    private void take(String node) throws Refused, SshException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                takeOnce(node);
                return;
            } catch (Refused r) {
                if (!r.holder().contains(token) || attempt > RECLAIM_TRIES) {
                    throw r;
                }
                // our own lock, from before a reconnect: end the stale holder and take it again
                CommandResult k = new Probe(access).run(node, reclaim(res, token));
                LOG.info("The lock of {} on {} was still held by this plan's old channel; ending it: exit {}", res,
                        node, k.exitCode());
                access.awaitChange(Duration.ofMillis(200));
            }
        }
    }

    private void takeOnce(String node) throws Refused, SshException, InterruptedException {
        CommandResult dir = new Probe(access).run(node, prepare());
        if (!dir.ok()) {
            throw new SshException("The lock directory " + DIR + " could not be made on " + node + " ("
                    + Probe.said(dir) + ").");
        }
        CompletableFuture<Boolean> locked = new CompletableFuture<>();
        StreamHandle h = access.stream(node, command(res, holder), line -> {
            if (line.strip().equals("LOCKED")) {
                locked.complete(true);
            }
        });
        h.ended().thenAccept(end -> locked.complete(false));
        boolean ok;
        try {
            ok = locked.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            ok = false;
        } catch (TimeoutException e) {
            h.cancel();
            throw new SshException("Taking the lock on " + node + " did not answer within " + WAIT.toSeconds()
                    + " s.");
        }
        if (ok) {
            synchronized (held) {
                held.put(node, h);
            }
            return;
        }
        StreamHandle.End end = h.ended().getNow(null);
        if (end != null && end.exitCode() != null && end.exitCode() == TAKEN) {
            // retried across a reconnect, like every read: a drop is what brings us here
            CommandResult who = new Probe(access).run(node, RemoteCommand.root("cat", holderPath(res)));
            throw new Refused(node, who.ok() && !who.stdout().isBlank() ? who.stdout().strip().lines().findFirst()
                    .orElse("") : "another admin");
        }
        if (end != null && end.exitCode() != null && end.exitCode() == 127) {
            throw new SshException("flock is not installed on " + node + " (package util-linux); the lock that keeps "
                    + "two admins apart cannot be taken.");
        }
        throw new SshException("The lock on " + node + " could not be taken"
                + (end == null ? "" : ": " + end.reason() + (end.detail() == null ? "" : " " + end.detail())));
    }

    /** Nodes whose lock channel has ended (the session dropped), or where taking it again failed: not held there. */
    public List<String> lost() {
        synchronized (held) {
            List<String> out = new ArrayList<>(retake);
            held.entrySet().stream().filter(e -> e.getValue().ended().isDone()).map(Map.Entry::getKey)
                    .filter(n -> !out.contains(n)).forEach(out::add);
            return out;
        }
    }

    /**
     * Takes the lock again where it was lost; refused when someone else took it meanwhile. A node where that fails
     * stays lost, so the next call tries again instead of taking the lock for held.
     */
    public void ensure() throws Refused, SshException, InterruptedException {
        for (String n : lost()) {
            synchronized (held) {
                held.remove(n);
                retake.add(n);
            }
            take(n);
            synchronized (held) {
                retake.remove(n);
            }
        }
    }

    public String holder() {
        return holder;
    }

    /**
     * Releases the lock everywhere. Where the lock channel was lost and not taken again, the node may still hold this
     * plan's lock through the old channel: that holder is ended too (best effort; it never touches another's lock).
     */
    @Override
    public void close() {
        List<String> stale;
        synchronized (held) {
            stale = lost();
            held.values().forEach(StreamHandle::cancel);
            held.clear();
            retake.clear();
        }
        for (String n : stale) {
            try {
                CommandResult k = new Probe(access).run(n, reclaim(res, token));
                LOG.info("Released this plan's stale lock of {} on {}: exit {}", res, n, k.exitCode());
            } catch (SshException e) {
                LOG.info("This plan's stale lock of {} on {} could not be released now ({}); it ends when that "
                        + "node notices the old connection is gone", res, n, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
