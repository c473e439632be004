// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterImport;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.ClusterValidation;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.SessionFactory;
import io.drbdpilot.ssh.SshException;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drbd-pilot import TARGET}: finds a cluster's nodes from one node's DRBD configuration. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Connect to one node, read its DRBD configuration, and propose SSH targets for every peer.",
            "DRBD host names are not SSH addresses: check the proposals, change them with --set, then --save."})
public final class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TARGET", description = "One node: user@host:port or an ssh-config alias.")
    String target;

    @Option(names = "--set", paramLabel = "HOST=TARGET", description = "Use this SSH target for a host. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--save", paramLabel = "NAME", description = "Store the cluster in the settings under this name.")
    String save;

    @Option(names = "--yes", description = "Save without asking.")
    boolean yes;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Spec
    CommandSpec spec;

    private final SettingsStore settings;


    public ImportCommand(SettingsStore settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> set = new LinkedHashMap<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                err.println("import: --set wants HOST=TARGET, not '" + o + "'");
                return 2;
            }
            set.put(o.substring(0, eq), o.substring(eq + 1));
        }
        SessionFactory sessions = ssh.sessions(null);
        List<ClusterImport.ProposedNode> nodes;
        try (NodeChannel s = sessions.open(target)) {
            List<String> skipped = new ArrayList<>();
            nodes = ClusterImport.fromNode(s, skipped);
            skipped.forEach(w -> err.println("import: warning: " + w));
        } catch (SshException | ParseException e) {
            err.println("import: " + e.getMessage());
            return 2;
        }
        out.printf("%-12s %-34s %-22s %s%n", "HOST", "SSH TARGET (proposed)", "REPLICATION", "RESOURCES");
        List<NodeSettings> result = new ArrayList<>();
        for (ClusterImport.ProposedNode n : nodes) {
            String t = set.getOrDefault(n.drbdHost(), n.proposedTarget());
            out.printf("%-12s %-34s %-22s %s%n", n.drbdHost(), t + (n.source() ? "  (imported from)"
                    : set.containsKey(n.drbdHost()) ? "" : "  (check)"), n.replicationAddress() == null ? "-"
                    : n.replicationAddress(), String.join(" ", n.resources()));
            result.add(new NodeSettings(n.drbdHost(), t, !t.startsWith("root@")));
        }
        if (save == null) {
            out.println("Nothing saved. Check the targets, change them with --set HOST=TARGET, and add --save NAME.");
            return 0;
        }
        // the cluster remembers the key and known_hosts it was imported with: status --cluster NAME then works alone
        ClusterSettings imported = ssh.withGivenFiles(new ClusterSettings(save, result));
        List<String> problems = new ArrayList<>(ClusterValidation.problems(List.of(imported), sessions::resolve));
        settings.load().settings().clusters().stream().filter(cl -> !cl.name().equals(save)
                && cl.name().equalsIgnoreCase(save.strip())).forEach(cl -> problems.add("a cluster called '"
                + cl.name() + "' is in the settings already: names must differ (not only in case)"));
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("import: " + p));
            err.println("import: not saved; fix the targets with --set HOST=TARGET (the same rules as the window's "
                    + "Save)");
            return 2;
        }
        if (!yes) {
            Console c = System.console();
            String a = c == null ? null : c.readLine("Save cluster '%s' with these %d nodes (yes/no)? ", save,
                    result.size());
            if (a == null || !a.strip().equalsIgnoreCase("yes")) {
                err.println("import: not saved (add --yes in scripts)");
                return 1;
            }
        }
        settings.update(current -> {
            List<ClusterSettings> clusters = new ArrayList<>(current.clusters().stream()
                    .filter(cl -> !cl.name().equals(save)).toList());
            clusters.add(imported);
            return current.withClusters(clusters);
        });
        List<String> files = new ArrayList<>();
        if (imported.identityFile() != null) {
            files.add("identity " + imported.identityFile());
        }
        if (imported.knownHostsFile() != null) {
            files.add("known_hosts " + imported.knownHostsFile());
        }
        out.println("Saved cluster '" + save + "' to " + settings.file()
                + (files.isEmpty() ? "" : " with " + String.join(" and ", files)) + ".");
        return 0;
    }
}
