// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.reactor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.ops.node.Futures;
import io.drbdpilot.ops.node.Owners;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * drbd-reactor on one node, for one resource, as far as it could be read: whether the promoter manages the resource
 * here (its snippet and configuration), whether the daemon runs, where {@code drbd-reactorctl status} says it is
 * active, each unit's state ({@code systemctl is-active}) and whether the target is masked here (an {@code evict
 * --keep-masked}). What could not be read is listed in {@code unknown}: never taken for "fine".
 *
 * @param config   the promoter's configuration here, or null when the node has none for the resource
 * @param daemon   drbd-reactor.service runs; null when not known
 * @param active   the node {@code drbd-reactorctl status} names as active; null when it names none or was not read
 * @param units    unit → its state (active, inactive, failed, activating, ...)
 * @param masked   the target is masked here; null when not known
 */
public record ReactorState(String node, boolean installed, ReactorConfig config, Boolean daemon, String active,
        Map<String, String> units, Boolean masked, List<String> unknown) {

    public ReactorState {
        units = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(units));
        unknown = List.copyOf(unknown);
    }

    /** The promoter manages the resource here. */
    public boolean manages() {
        return config != null;
    }

    /** The target runs here: the resource's services are up on this node. */
    public boolean targetActive() {
        return config != null && "active".equals(units.get(ReactorConfig.target(config.resource())));
    }

    private static final Pattern ACTIVE = Pattern.compile("Promoter: Currently active on (this node|node '([^']*)')");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@_.:\\\\-]{1,200}");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    /** The node {@code drbd-reactorctl status} names as active for the snippet: the node itself, a peer, or null. */
    static String activeFrom(String statusText, String self) {
        Matcher m = ACTIVE.matcher(ANSI.matcher(statusText).replaceAll(""));
        if (!m.find()) {
            return null;
        }
        if (m.group(2) == null) {
            return self;
        }
        return m.group(2).equals("<unknown>") || m.group(2).isBlank() ? null : RemoteText.line(m.group(2), 80);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The node {@code drbd-reactorctl status --json} (drbd-reactor 1.11 and later) names as active for the resource:
     * its promoter entry's {@code primary_on}. Empty when the answer is not that JSON (an older drbd-reactorctl
     * refuses the option): the text form is asked then. The schema is the one tools that drive drbd-reactor read
     * ({@code promoter[].drbd_resource, path, primary_on, target, dependencies}); no capture of a real node's was at
     * hand.
     */
    static Optional<String> activeFromJson(String json, String res, String self) {
        if (json == null || !json.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode promoters = JSON.readTree(json).path("promoter");
            if (!promoters.isArray()) {
                return Optional.empty();
            }
            for (JsonNode p : promoters) {
                if (res.equals(p.path("drbd_resource").asText())) {
                    String on = p.path("primary_on").asText("");
                    return Optional.of(on.isBlank() || on.equals("<unknown>") ? "" : on.equals("this node")
                            ? self : RemoteText.line(on, 80));
                }
            }
            return Optional.of("");
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Reads drbd-reactor on a node for a resource. */
    public static ReactorState read(Probe probe, String node, String res) throws InterruptedException {
        List<String> unknown = new ArrayList<>();
        CommandResult grep;
        try {
            grep = probe.run(node, Owners.reactorSnippets(res));
        } catch (SshException e) {
            return new ReactorState(node, false, null, null, null, Map.of(), null, List.of(node + " cannot be read ("
                    + e.getMessage() + ")"));
        }
        boolean absent = grep.exitCode() == 2 && grep.stderr().lines().allMatch(l -> l.contains(
                "No such file or directory"));
        if (grep.stdout().isBlank()) {
            if (grep.exitCode() != 1 && !absent && !Probe.notInstalled(grep)) {
                unknown.add("drbd-reactor's configuration on " + node + " could not be read (" + Probe.said(grep)
                        + ")");
            }
            return new ReactorState(node, !absent, null, null, null, Map.of(), null, unknown);
        }
        List<String> files = grep.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String snippet = ReactorConfig.snippetPath(files.get(0));
        if (snippet == null) {
            unknown.add(node + " names '" + RemoteText.line(files.get(0), 80) + "' for " + res + ", which is not a "
                    + "drbd-reactor snippet (/etc/drbd-reactor.d/NAME.toml): it is not used");
            return new ReactorState(node, true, null, null, null, Map.of(), null, unknown);
        }
        if (files.size() > 1) {
            unknown.add(res + " has a promoter in " + files.size() + " snippets on " + node + " ("
                    + RemoteText.line(String.join(", ", files), 200) + ")");
        }
        ReactorConfig cfg;
        try {
            CommandResult cat = probe.run(node, ReactorCommands.cat(snippet));
            cfg = cat.ok() ? ReactorConfig.parse(snippet, cat.stdout(), res) : null;
            if (cfg == null) {
                unknown.add(snippet + " on " + node + " could not be read (" + (cat.ok() ? "no promoter for " + res
                        + " in it" : Probe.said(cat)) + ")");
                return new ReactorState(node, true, null, null, null, Map.of(), null, unknown);
            }
        } catch (SshException e) {
            unknown.add(snippet + " on " + node + " could not be read (" + e.getMessage() + ")");
            return new ReactorState(node, true, null, null, null, Map.of(), null, unknown);
        }
        List<String> units = new ArrayList<>();
        for (String u : cfg.units()) {
            if (UNIT.matcher(u).matches() && !u.startsWith("-")) {
                units.add(u);
            } else {
                unknown.add(node + "'s promoter starts '" + RemoteText.line(u, 80) + "', which is not a unit name: "
                        + "its state is not read");
            }
        }
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            var jsonF = ex.submit(() -> probe.run(node, ReactorCommands.statusJson(snippet)));
            var statusF = ex.submit(() -> probe.run(node, ReactorCommands.status(snippet)));
            var activeF = ex.submit(() -> probe.run(node, ReactorCommands.isActive(units)));
            var maskedF = ex.submit(() -> probe.run(node, ReactorCommands.isEnabled(ReactorConfig.target(res))));
            Boolean daemon = null;
            Map<String, String> states = new LinkedHashMap<>();
            String active = null;
            Boolean masked = null;
            Optional<String> fromJson = Optional.empty();
            try {
                CommandResult js = Futures.join(jsonF);
                fromJson = js.ok() ? activeFromJson(js.stdout(), res, node) : Optional.empty();
            } catch (SshException e) {
                fromJson = Optional.empty(); // the text form answers below, or says why not
            }
            try {
                CommandResult st = Futures.join(statusF);
                if (fromJson.isPresent()) {
                    active = fromJson.get().isEmpty() ? null : fromJson.get();
                } else if (st.ok()) {
                    active = activeFrom(st.stdout(), node);
                } else {
                    unknown.add("drbd-reactorctl status on " + node + " failed (" + Probe.said(st) + ")");
                }
            } catch (SshException e) {
                if (fromJson.isPresent()) {
                    active = fromJson.get().isEmpty() ? null : fromJson.get();
                } else {
                    unknown.add("drbd-reactorctl status on " + node + " could not be run (" + e.getMessage() + ")");
                }
            }
            try {
                CommandResult st = Futures.join(activeF);
                List<String> lines = st.stdout().lines().map(String::strip).toList();
                if (lines.size() == units.size() + 1) {
                    daemon = lines.get(0).equals("active");
                    for (int i = 0; i < units.size(); i++) {
                        states.put(units.get(i), RemoteText.line(lines.get(i + 1), 40));
                    }
                } else {
                    unknown.add("systemctl is-active on " + node + " answered " + lines.size() + " lines for "
                            + (units.size() + 1) + " units (" + Probe.said(st) + ")");
                }
            } catch (SshException e) {
                unknown.add("systemctl is-active on " + node + " could not be run (" + e.getMessage() + ")");
            }
            try {
                CommandResult st = Futures.join(maskedF);
                String said = st.stdout().strip();
                if (said.isEmpty()) {
                    unknown.add("whether " + ReactorConfig.target(res) + " is masked on " + node + " could not be read ("
                            + Probe.said(st) + ")");
                } else {
                    masked = said.startsWith("masked");
                }
            } catch (SshException e) {
                unknown.add("systemctl is-enabled on " + node + " could not be run (" + e.getMessage() + ")");
            }
            return new ReactorState(node, true, cfg, daemon, active, states, masked, unknown);
        }
    }

    /** One line for people: "beta: drbd-reactor running; drbd-services@r0.target active, ...". */
    public String describe() {
        if (config == null) {
            return node + ": " + (unknown.isEmpty() ? installed ? "drbd-reactor does not manage " : "no drbd-reactor"
                    : String.join("; ", unknown));
        }
        List<String> parts = new ArrayList<>();
        parts.add(daemon == null ? "drbd-reactor: not known whether it runs" : daemon ? "drbd-reactor running"
                : "drbd-reactor STOPPED");
        units.forEach((u, s) -> parts.add(u + " " + s));
        if (Boolean.TRUE.equals(masked)) {
            parts.add("masked here until drbd-pilot evict " + config.resource() + " --unmask --on " + node
                    + " (or a reboot)");
        }
        parts.addAll(unknown);
        return node + ": " + String.join("; ", parts);
    }
}
