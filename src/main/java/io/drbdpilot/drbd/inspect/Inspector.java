// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.health.HealthCheck;
import io.drbdpilot.drbd.health.HealthInput;
import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.HelperEvent;
import io.drbdpilot.drbd.model.KernelVersion;
import io.drbdpilot.drbd.model.Refusal;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.UtilsVersion;
import io.drbdpilot.drbd.parse.CaptureSection;
import io.drbdpilot.drbd.parse.Drbd84Mapping;
import io.drbdpilot.drbd.parse.DrbdadmStatusParser;
import io.drbdpilot.drbd.parse.DumpXmlParser;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.KernelLog;
import io.drbdpilot.drbd.parse.LabCapture;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.ParseResult;
import io.drbdpilot.drbd.parse.ProcDrbd;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.drbd.parse.RefusalParser;
import io.drbdpilot.drbd.parse.StatusJsonParser;
import io.drbdpilot.drbd.parse.VersionParser;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns captured DRBD output into per-node reports: the latest state each node showed, its versions, configuration,
 * refusals and the health findings. Used by {@code drbd-pilot inspect}; FX-free and I/O-free.
 */
public final class Inspector {

    private static final Pattern PROC_START = Pattern.compile("^(version:|GIT-hash:|srcversion:|\\s*\\d+:\\s+cs:).*");

    private Inspector() {
    }

    /** One input: a name (file) and its text. */
    public record Source(String name, String text) {
    }

    /** What one input gave: its nodes, or the error that stopped it. */
    public record Result(String name, InputFormat format, List<NodeReport> nodes, ParseException error) {
        public Result {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * Reads one input.
     *
     * @param name what the input is called (a file name), used as the node name for single-format inputs
     * @throws ParseException when the input, or a section of a capture, cannot be read
     */
    public static List<NodeReport> inspect(String name, String text, Instant now) throws ParseException {
        Result r = inspectAll(List.of(new Source(name, text)), now).get(0);
        if (r.error() != null) {
            throw r.error();
        }
        return r.nodes();
    }

    /**
     * Reads several inputs. A configuration ({@code dump-xml}) in any of them names the resources in all of them, so
     * {@code inspect proc.txt dump.xml} shows resource names instead of minors.
     */
    public static List<Result> inspectAll(List<Source> sources, Instant now) {
        List<Map<String, NodeAcc>> accs = new ArrayList<>();
        List<ParseException> errors = new ArrayList<>();
        List<InputFormat> formats = new ArrayList<>();
        DrbdConfig shared = null;
        for (Source src : sources) {
            Map<String, NodeAcc> nodes = new LinkedHashMap<>();
            InputFormat format = InputFormat.detect(src.text());
            ParseException error = null;
            try {
                read(src, format, nodes);
            } catch (ParseException e) {
                error = e;
            }
            for (NodeAcc a : nodes.values()) {
                shared = shared == null ? a.config : shared.merge(a.config);
            }
            accs.add(nodes);
            errors.add(error);
            formats.add(format);
        }
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            List<NodeReport> reports = new ArrayList<>();
            if (errors.get(i) == null) {
                for (NodeAcc acc : accs.get(i).values()) {
                    reports.add(acc.report(shared, now));
                }
            }
            out.add(new Result(sources.get(i).name(), formats.get(i), reports, errors.get(i)));
        }
        return List.copyOf(out);
    }

    private static void read(Source src, InputFormat format, Map<String, NodeAcc> nodes) throws ParseException {
        String text = src.text();
        if (format == InputFormat.UNKNOWN) {
            String first = text == null ? "" : text.strip().lines().findFirst().orElse("");
            throw new ParseException(text == null || text.isBlank() ? 0 : 1, first,
                    "not a format DRBD Pilot reads (/proc/drbd, events2, status --json, status text, dump-xml, "
                            + "drbdadm --version, or a lab capture)");
        }
        if (format == InputFormat.LAB_CAPTURE) {
            ParseResult<List<CaptureSection>> sections = LabCapture.split(text);
            ParseException first = null;
            int read = 0;
            for (CaptureSection s : sections.value()) {
                NodeAcc acc = nodes.computeIfAbsent(s.node(), NodeAcc::new);
                try {
                    section(acc, s);
                    read++;
                } catch (ParseException e) {
                    // a section that is no state output (an error message, a refused option) costs only itself
                    ParseException at = e.offsetBy(s.firstLine() - 1);
                    first = first == null ? at : first;
                    acc.warnings.add("section '" + s.host() + "$ " + s.command() + "' skipped: " + at.getMessage());
                }
            }
            if (read == 0 && first != null) {
                throw first;
            }
            if (!sections.warnings().isEmpty() && !nodes.isEmpty()) {
                sections.warnings().forEach(w -> nodes.values().iterator().next().warnings.add(w.toString()));
            }
        } else {
            single(nodes.computeIfAbsent(src.name(), NodeAcc::new), format, text);
        }
    }

    /** Node → the changes in the events2 streams of one input ({@code inspect --history}); empty when there are none. */
    public static Map<String, List<String>> histories(Source src) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        InputFormat format = InputFormat.detect(src.text());
        if (format == InputFormat.EVENTS2) {
            out.put(src.name(), StateHistory.of(src.text()));
        } else if (format == InputFormat.LAB_CAPTURE) {
            try {
                for (CaptureSection s : LabCapture.split(src.text()).value()) {
                    if (s.command().contains("events2") && !s.command().contains("--now")) {
                        List<String> changes = StateHistory.of(s.output());
                        if (!changes.isEmpty()) {
                            out.computeIfAbsent(s.node(), k -> new ArrayList<>()).addAll(changes);
                        }
                    }
                }
            } catch (ParseException e) {
                return out;
            }
        }
        return out;
    }

    private static void single(NodeAcc acc, InputFormat format, String text) throws ParseException {
        switch (format) {
            case PROC_DRBD -> acc.proc(ProcDrbdParser.parse(text), format.label());
            case EVENTS2 -> acc.events2(Events2Stream.parse(text), format.label());
            case STATUS_JSON -> acc.state(StatusJsonParser.parse(text), format.label());
            case STATUS_TEXT -> acc.state(DrbdadmStatusParser.parse(text), format.label());
            case DUMP_XML -> acc.addConfig(take(acc, DumpXmlParser.parse(text)));
            case DRBDADM_VERSION -> acc.utils = take(acc, VersionParser.parse(text));
            default -> throw new IllegalArgumentException(format.name());
        }
    }

    private static void section(NodeAcc acc, CaptureSection s) throws ParseException {
        String cmd = s.command().replaceAll("\\s+\\([^)]*\\)\\s*$", "").strip();
        String[] parts = cmd.split("\\s*(?:;|&&)\\s*");
        String label = s.host() + "$ " + cmd + (s.time() == null ? "" : " at " + s.time());
        String out = s.output();
        if (out.startsWith("drbdsetup ")) { // drbdadm -v echoes the drbdsetup command it runs
            out = out.substring(out.indexOf('\n') + 1);
        }
        boolean single = parts.length == 1;
        if (containsCommand(parts, "cat /proc/drbd")) {
            String proc = fromFirst(out, PROC_START);
            if (proc != null) {
                acc.proc(ProcDrbdParser.parse(proc), label);
            }
        } else if (cmd.contains("events2")) {
            acc.events2(Events2Stream.parse(onlyEvents2(out, acc)), label);
        } else if (cmd.contains("status") && cmd.contains("--json")) {
            acc.state(StatusJsonParser.parse(out), label);
        } else if (single && cmd.matches("^(sudo -n )?(\\S*/)?drbd(adm|setup) status( .*)?$") && !out.isBlank()) {
            acc.state(DrbdadmStatusParser.parse(out), label);
        } else if (single && cmd.contains("dump-xml")) {
            acc.addConfig(take(acc, DumpXmlParser.parse(out)));
        } else if (single && cmd.matches("^(\\S*/)?drbdadm --version$")) {
            acc.utils = take(acc, VersionParser.parse(out));
        } else if (cmd.contains("dmesg")) {
            acc.kernelLog.add(KernelLog.scan(out));
        }
        acc.refusals.addAll(RefusalParser.parse(out));
    }

    private static boolean containsCommand(String[] parts, String command) {
        for (String p : parts) {
            if (p.startsWith(command)) {
                return true;
            }
        }
        return false;
    }

    private static String fromFirst(String text, Pattern start) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (start.matcher(lines[i]).matches()) {
                return String.join("\n", Arrays.copyOfRange(lines, i, lines.length));
            }
        }
        return null;
    }

    /** A capture may append shell output (an echo) after the stream; keep only events2 lines. */
    private static String onlyEvents2(String text, NodeAcc acc) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            if (InputFormat.isEvents2Line(line)) {
                sb.append(line).append('\n');
            } else if (!line.isBlank()) {
                acc.warnings.add("not an events2 line, skipped: " + line);
            }
        }
        return sb.toString();
    }

    private static <T> T take(NodeAcc acc, ParseResult<T> r) {
        r.warnings().forEach(w -> acc.warnings.add(w.toString()));
        return r.value();
    }

    /** What has been learnt about one node so far; later sections replace earlier state. */
    private static final class NodeAcc {
        final String node;
        String source;
        List<ResourceState> resources = List.of();
        ProcDrbd proc;
        KernelVersion kernel;
        UtilsVersion utils;
        DrbdConfig config;
        final List<Refusal> refusals = new ArrayList<>();
        final List<HelperEvent> helpers = new ArrayList<>();
        final List<KernelLog> kernelLog = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        Map<String, OffsetDateTime> replicationSince = Map.of();

        NodeAcc(String node) {
            this.node = node;
        }

        void addConfig(DrbdConfig c) {
            config = config == null ? c : config.merge(c);
        }

        void proc(ParseResult<ProcDrbd> r, String label) {
            proc = take(this, r);
            if (proc.kernel() != null) {
                kernel = proc.kernel();
            }
            if (!proc.devices().isEmpty()) {
                resources = null; // resolved against the configuration when the report is built
                source = label;
            }
        }

        void events2(ParseResult<Events2State> r, String label) {
            Events2State st = take(this, r);
            resources = st.resources();
            proc = null;
            helpers.addAll(st.helperEvents());
            replicationSince = st.replicationSince();
            source = label;
        }

        void state(ParseResult<List<ResourceState>> r, String label) {
            resources = take(this, r);
            proc = null;
            source = label;
        }

        NodeReport report(DrbdConfig shared, Instant now) {
            DrbdConfig cfg = config != null ? config : shared;
            List<ResourceState> res = resources;
            if (res == null) {
                res = Drbd84Mapping.toResources(proc,
                        minor -> cfg == null ? null : cfg.resourceOfMinor(node, minor)
                                .or(() -> cfg.resourceOfMinor(null, minor)).orElse(null));
            }
            Set<String> splitBrain = new LinkedHashSet<>();
            for (KernelLog log : kernelLog) {
                splitBrain.addAll(log.splitBrainResources());
                for (int minor : log.splitBrainMinors()) {
                    String name = cfg == null ? null : cfg.resourceOfMinor(node, minor).orElse(null);
                    splitBrain.add(name != null ? name : "minor-" + minor);
                }
            }
            HealthInput in = new HealthInput(res, helpers, splitBrain, cfg, replicationSince, new HashMap<>(), now);
            return new NodeReport(node, source, kernel, utils, config, res, refusals,
                    HealthCheck.evaluate(in, HealthPolicy.defaults()), warnings);
        }
    }
}
