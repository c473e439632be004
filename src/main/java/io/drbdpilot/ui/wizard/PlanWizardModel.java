// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What an operation's wizard holds, without the toolkit: its page, the plan built from the choices, the checks (read
 * on the wizard's own lane, again whenever the cluster changes, never two at once and at most one every
 * {@link #GAP}), whether the operator may go on, and the run. The window ({@link PlanWizard}) only shows it.
 *
 * @param <C> what its checks return
 */
public abstract class PlanWizardModel<C extends PlanChecks> implements AutoCloseable {

    /** The pages, in order. */
    public enum Page { CHOOSE, CHECKS, PLAN, CONFIRM, RUN, RESULT }

    /** The least time between two reads of the checks. */
    static final Duration GAP = Duration.ofSeconds(2);

    protected final ClusterEntry cluster;
    protected final UiTasks tasks;
    protected final Path auditFile;
    protected final Clock clock;
    private final ExecutorService lane;
    private volatile Operation<C> operation;
    private Page page = Page.CHOOSE;
    private volatile C last;
    private Instant checkedAt;
    private String typed = "";
    private boolean checking;
    private boolean dirty;
    private Consumer<C> onChecks = c -> { };

    protected PlanWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String lane) {
        this.cluster = cluster;
        this.tasks = tasks;
        this.auditFile = auditFile;
        this.clock = Clock.systemUTC();
        this.lane = tasks.lane(lane);
    }

    // --- what an operation provides ---

    /** Why the choices do not make a plan yet, in words; null when they do. */
    public abstract String choiceProblem();

    /** Builds the plan from the choices; throws with the reason when the engine refuses them. */
    protected abstract Operation<C> build();

    /** The plan built from the choices, or null before. */
    protected Operation<C> operation() {
        return operation;
    }

    /** The plan's checks, read fresh (on the lane). */
    protected C check() throws InterruptedException {
        return operation.check();
    }

    public String script(C checked) {
        return operation.script(checked);
    }

    public List<Step> steps(C checked) {
        return operation.steps(checked);
    }

    /** Runs the plan that was confirmed (on the lane): what runs is what the operator saw. */
    public PlanResult execute(PlanListener listener, Decider decider, C confirmed) throws InterruptedException {
        return operation.execute(listener, decider, confirmed);
    }

    /** What the checks page says while it reads. */
    public abstract String reading();

    /** The confirmation's headline. */
    public abstract String headline(C checked);

    /** What the operator types when a check warns. */
    public abstract String confirmName();

    /** Every resource of the cluster, by name, as the monitor sees it now. */
    protected List<String> resourceNames() {
        ClusterSnapshot s = cluster.snapshotProperty().get();
        TreeSet<String> names = new TreeSet<>();
        if (s != null) {
            s.nodes().forEach(n -> n.resources().forEach(r -> names.add(r.name())));
        }
        return List.copyOf(names);
    }

    /** The resource the wizard is about, for its first page's state line; null when it is not about one. */
    protected String stateResource() {
        return null;
    }

    /**
     * The chosen resource on every node as the monitor has it now ("db now: node-a Primary · UpToDate; ..."), for the
     * first page; null without a resource or a snapshot.
     */
    public String currentState() {
        String res = stateResource();
        ClusterSnapshot s = cluster.snapshotProperty().get();
        if (res == null || s == null) {
            return null;
        }
        List<String> parts = new java.util.ArrayList<>();
        for (io.drbdpilot.cluster.NodeView n : s.nodes()) {
            n.resource(res).ifPresent(r -> parts.add(n.node() + " " + io.drbdpilot.ui.workspace.NavItem.summary(n, r)
                    + (n.freshness() == io.drbdpilot.cluster.NodeView.Freshness.STALE ? " (unreachable: last known)"
                    : "")));
        }
        return parts.isEmpty() ? null : res + " now: " + String.join("; ", parts);
    }

    /** The resource the wizard starts on: the one selected when the monitor knows it, else the first, or null. */
    protected String firstResource(String preselected) {
        List<String> names = resourceNames();
        return preselected != null && names.contains(preselected) ? preselected : names.isEmpty() ? null
                : names.get(0);
    }

    /** The nodes whose monitor view holds the resource and passes {@code which}, in the snapshot's order. */
    protected List<String> nodesWith(String resource, Predicate<ResourceState> which) {
        ClusterSnapshot s = cluster.snapshotProperty().get();
        List<String> out = new ArrayList<>();
        if (s == null || resource == null) {
            return out;
        }
        for (NodeView n : s.nodes()) {
            n.resource(resource).filter(which).ifPresent(r -> out.add(n.node()));
        }
        return out;
    }

    // --- the wizard's state ---

    public Page page() {
        return page;
    }

    /** The latest checks, or null before the first read of this plan. */
    public C checks() {
        return last;
    }

    /** When the latest checks were read, or null. */
    public Instant checkedAt() {
        return checkedAt;
    }

    /** Receives every fresh read of the checks, on the UI thread. */
    public void onChecks(Consumer<C> listener) {
        onChecks = listener;
    }

    /** The lane the checks and the run use; ended when the wizard closes. */
    public ExecutorService lane() {
        return lane;
    }

    /** What the operator typed on the confirmation page. */
    public void typed(String text) {
        typed = text == null ? "" : text;
    }

    /** Whether the operator may go on from this page. Unknown checks (none read yet) never let them. */
    public boolean mayGoOn() {
        return switch (page) {
            case CHOOSE -> choiceProblem() == null;
            case CHECKS, PLAN -> last != null && !last.blocked();
            case CONFIRM -> last != null && !last.blocked() && (!last.risky() || typed.equals(confirmName()));
            default -> false;
        };
    }

    /** Whether the confirmation asks for the name (a check warns). */
    public boolean asksForName() {
        return last != null && last.risky();
    }

    /**
     * Goes to the next page. From the first it builds the plan (throws with the engine's reason when it cannot) and
     * starts reading the checks. Returns the new page; the run page is the caller's to start.
     */
    public Page forward() {
        if (!mayGoOn()) {
            return page;
        }
        if (page == Page.CHOOSE) {
            operation = build();
            last = null;
            checkedAt = null;
            page = Page.CHECKS;
            recheck();
        } else {
            page = Page.values()[page.ordinal() + 1];
        }
        typed = "";
        return page;
    }

    /** Back one page, up to the confirmation (the run cannot be stepped back from). */
    public Page back() {
        if (page.ordinal() > 0 && page.ordinal() <= Page.CONFIRM.ordinal()) {
            page = Page.values()[page.ordinal() - 1];
        }
        return page;
    }

    /** The run took over (pages 5 and 6). */
    public void running() {
        page = Page.RUN;
    }

    /**
     * The cluster changed: read the checks again while they are shown. A read that runs marks itself dirty and runs
     * once more after it; a read that fails keeps the last result (and the operator sees its time).
     */
    public void recheck() {
        if (page.ordinal() < Page.CHECKS.ordinal() || page.ordinal() > Page.CONFIRM.ordinal()) {
            return;
        }
        if (checking) {
            dirty = true;
            return;
        }
        if (lane.isShutdown()) { // the wizard closed: a late request has nowhere to run
            return;
        }
        checking = true;
        dirty = false;
        lane.execute(() -> {
            C r;
            try {
                r = check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                r = null;
            }
            C res = r;
            tasks.onUi(() -> {
                if (res != null) {
                    last = res;
                    checkedAt = clock.instant();
                    if (page == Page.CONFIRM && res.blocked()) {
                        page = Page.CHECKS; // the cluster changed under the confirmation: back to the checks
                    }
                    onChecks.accept(res);
                }
                try {
                    tasks.timer().schedule(() -> tasks.onUi(() -> {
                        checking = false;
                        if (dirty) {
                            recheck();
                        }
                    }), GAP.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    checking = false; // the app is stopping
                }
            });
        });
    }

    /** Ends the lane: now when nothing runs; after the run's rollback when it does ({@code running}). */
    public void close(boolean running) {
        if (running) {
            lane.shutdown();
        } else {
            lane.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(false);
    }
}
