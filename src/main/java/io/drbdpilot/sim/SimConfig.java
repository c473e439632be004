// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import java.util.List;
import java.util.Objects;

/** {@code drbdadm dump-xml} of a simulated cluster, in the lab's layout (8.4) or with node ids (9). */
final class SimConfig {

    private SimConfig() {
    }

    static String dumpXml(SimCluster c, String node, List<String> only) {
        String xml = dumpXmlAll(c, node, only);
        for (var e : c.node(node).owners.entrySet()) { // LINSTOR writes its own resource files
            if (e.getValue().equals("linstor")) {
                xml = xml.replace("\"/etc/drbd.d/" + e.getKey() + ".res:", "\"/var/lib/linstor.d/" + e.getKey() + ".res:");
            }
        }
        return xml;
    }

    private static String dumpXmlAll(SimCluster c, String node, List<String> only) {
        if (only.size() == 1 && !only.get(0).equals("all")) {
            return c.resources().stream().filter(s -> s.name().equals(only.get(0))).findFirst()
                    .map(s -> resource(c, s, "")).orElse("");
        }
        StringBuilder sb = new StringBuilder("<config file=\"/etc/drbd.conf\">\n    <common>\n    </common>\n");
        List<SimResourceSpec> specs = c.membersOnlyConfig ? c.resourcesOf(node) : c.resources();
        if (c.xmlTexts.size() > 2 * c.resourceCount() + 64) {
            c.xmlTexts.clear(); // the texts of specs replaced since (resized ones)
        }
        for (SimResourceSpec s : specs) {
            // the text of a resource is the same on all its nodes: a big cluster's dumps render each once
            sb.append(c.xmlTexts.computeIfAbsent(s, x -> resource(c, x, "    ")));
        }
        return sb.append("</config>\n").toString();
    }

    private static String resource(SimCluster c, SimResourceSpec s, String in) {
        boolean v9 = c.version() == SimVersion.V9;
        StringBuilder sb = new StringBuilder();
        sb.append(in).append("<resource name=\"").append(s.name()).append("\" conf-file-line=\"/etc/drbd.d/")
                .append(s.name()).append(".res:2\">\n");
        for (String h : s.nodes()) {
            sb.append(in).append("    <host name=\"").append(h).append('"');
            if (v9) {
                sb.append(" node-id=\"").append(s.nodeId(h)).append('"');
            }
            sb.append(">\n");
            for (int v = 0; v < s.volumes(); v++) {
                int minor = s.minors().get(v);
                sb.append(in).append("        <volume vnr=\"").append(v).append("\">\n");
                sb.append(in).append("            <device minor=\"").append(minor).append("\">/dev/drbd").append(minor)
                        .append("</device>\n");
                sb.append(in).append("            <disk>").append(s.isClient(h) ? "none"
                        : v9 ? "/dev/vg/" + s.name() + "_" + v : "/dev/vd" + (char) ('b' + minor % 24))
                        .append("</disk>\n");
                sb.append(in).append("            <meta-disk>internal</meta-disk>\n");
                sb.append(in).append("        </volume>\n");
            }
            String addr = SimDrbdadm.address(s, h);
            sb.append(in).append("        <address family=\"ipv4\" port=\"").append(s.port()).append("\">")
                    .append(addr, 5, addr.lastIndexOf(':')).append("</address>\n");
            sb.append(in).append("    </host>\n");
        }
        sb.append(in).append("    <section name=\"net\">\n");
        sb.append(in).append("        <option name=\"protocol\" value=\"").append(s.protocol()).append("\"/>\n");
        if (s.allowTwoPrimaries()) {
            sb.append(in).append("        <option name=\"allow-two-primaries\" value=\"yes\"/>\n");
        }
        if (s.verifyAlg() != null) {
            sb.append(in).append("        <option name=\"verify-alg\" value=\"").append(s.verifyAlg()).append("\"/>\n");
        }
        sb.append(in).append("    </section>\n");
        sb.append(in).append("    <section name=\"disk\">\n");
        sb.append(in).append("        <option name=\"c-plan-ahead\" value=\"0\"/>\n");
        sb.append(in).append("        <option name=\"resync-rate\" value=\"").append(s.resyncRateKiBps() / 1024)
                .append("M\"/>\n");
        sb.append(in).append("    </section>\n");
        if (v9 && !"off".equals(s.quorum())) {
            sb.append(in).append("    <section name=\"options\">\n");
            sb.append(in).append("        <option name=\"quorum\" value=\"").append(s.quorum()).append("\"/>\n");
            sb.append(in).append("    </section>\n");
        }
        sb.append(in).append("</resource>\n");
        return sb.toString();
    }

    /**
     * {@code drbdadm dump RES} as drbd-utils prints it (the 8.4 lab's layout): the node's file, so an admin's edit on
     * one node shows there only; a comment names the node that printed it.
     */
    static String dumpText(SimCluster c, String node, String res) {
        SimResourceSpec s = c.fileSpec(node, res);
        StringBuilder sb = new StringBuilder();
        sb.append("# resource ").append(res).append(" on ").append(node).append(": not ignored, not stacked\n");
        sb.append("# defined at /etc/drbd.d/").append(res).append(".res:2\n");
        sb.append("resource ").append(res).append(" {\n");
        for (String h : s.nodes()) {
            sb.append("    on ").append(h).append(" {\n");
            for (int v = 0; v < s.volumes(); v++) {
                int minor = s.minors().get(v);
                String in = s.volumes() > 1 ? "        " : "";
                if (s.volumes() > 1) {
                    sb.append("        volume ").append(v).append(" {\n");
                }
                sb.append(in).append(kv("        device", "/dev/drbd" + minor + " minor " + minor));
                sb.append(in).append(kv("        disk", s.isClient(h) ? "none" : c.version() == SimVersion.V9
                        ? "/dev/vg/" + s.name() + "_" + v : "/dev/vd" + (char) ('b' + minor % 24)));
                sb.append(in).append(kv("        meta-disk", "internal"));
                if (s.volumes() > 1) {
                    sb.append("        }\n");
                }
            }
            String addr = SimDrbdadm.address(s, h);
            sb.append(kv("        address", "ipv4 " + addr.substring(5)));
            if (c.version() == SimVersion.V9) {
                sb.append(kv("        node-id", Integer.toString(s.nodeId(h))));
            }
            sb.append("    }\n");
        }
        sb.append("    net {\n").append(opt("protocol", Character.toString(s.protocol())));
        if (s.allowTwoPrimaries()) {
            sb.append(opt("allow-two-primaries", "yes"));
        }
        if (s.verifyAlg() != null) {
            sb.append(opt("verify-alg", s.verifyAlg()));
        }
        sb.append("    }\n    disk {\n").append(opt("c-plan-ahead", "0"))
                .append(opt("resync-rate", s.resyncRateKiBps() / 1024 + "M")).append("    }\n");
        if (c.version() == SimVersion.V9 && !"off".equals(s.quorum())) {
            sb.append("    options {\n").append(opt("quorum", s.quorum())).append("    }\n");
        }
        return sb.append("}\n").toString();
    }

    /** {@code key             value;}: the key padded to 17 columns, as drbdadm dump prints a host's lines. */
    private static String kv(String key, String value) {
        return String.format("%-25s%s;\n", key, value);
    }

    /** {@code key      value;}: {@code %-16s %3s;} as drbdadm dump prints a section's options. */
    private static String opt(String key, String value) {
        return String.format("        %-16s %3s;\n", key, value);
    }

    /**
     * {@code drbdadm -d adjust RES}: what adjust would run to bring the kernel to the node's file (the lab's 8.4 and
     * drbd-utils 9.22 print it so, config_adjust.txt; DRBD 9 per peer, as the 9.2 lab's drbdadm -d up).
     */
    static String adjustPlan(SimCluster c, String node, String res) {
        boolean v84 = c.version().is84();
        Replica r = c.replica(res, node);
        String tool = v84 ? "drbdsetup-84" : "drbdsetup";
        String id = v84 ? Integer.toString(r.spec.minors().get(0)) : res;
        StringBuilder sb = new StringBuilder();
        if (!r.configured) {
            sb.append(tool).append(" new-resource ").append(res).append('\n');
        }
        if (!r.isClient() && r.disk[0] == DiskState.DISKLESS && (!r.configured || r.md[0])) {
            sb.append(tool).append(" attach ").append(id).append(' ').append(SimDisks.backing(c, r.spec, 0))
                    .append('\n');
        }
        SimResourceSpec file = c.fileSpec(node, res);
        // DRBD 9 sets the rate per peer device and the net options per connection (the 9.2 lab's drbdadm -d up)
        List<String> peers = v84 ? List.of("") : file.nodes().stream().filter(n -> !n.equals(node)
                && r.peers.containsKey(n))
                .map(n -> " " + file.nodeId(n)).toList();
        if (!v84 && r.configured) { // a peer new in the file: what drbdadm -d up prints for a peer (the 9.2 lab's)
            for (String n : file.nodes()) {
                if (!n.equals(node) && !r.peers.containsKey(n)) {
                    String pid = " " + file.nodeId(n);
                    sb.append(tool).append(" new-peer ").append(res).append(pid).append(" --_name=").append(n)
                            .append(" --protocol=").append(file.protocol()).append('\n');
                    sb.append(tool).append(" new-path ").append(res).append(pid).append(' ').append(SimDrbdadm
                            .address(file, node)).append(' ').append(SimDrbdadm.address(file, n)).append('\n');
                    sb.append(tool).append(" peer-device-options ").append(res).append(pid).append(" 0 "
                            + "--c-plan-ahead=0 --resync-rate=").append(file.resyncRateKiBps() / 1024).append("M\n");
                    sb.append(tool).append(" connect ").append(res).append(pid).append('\n');
                }
            }
        }
        if (r.configured && r.rate() != file.resyncRateKiBps()) {
            for (String p : peers) {
                sb.append(tool).append(v84 ? " disk-options " + id + " --set-defaults --resync-rate="
                        + file.resyncRateKiBps() / 1024 + "M --c-plan-ahead=0" : " peer-device-options " + id + p
                        + " 0 --set-defaults --c-plan-ahead=0 --resync-rate=" + file.resyncRateKiBps() / 1024 + "M")
                        .append('\n');
            }
        }
        if (r.configured && r.netConfigured && (r.spec.protocol() != file.protocol()
                || !Objects.equals(r.verifyAlg, file.verifyAlg()))) {
            for (String p : peers) {
                sb.append(tool).append(" net-options ").append(v84 ? SimDrbdadm.address(file, node) + " "
                        + SimDrbdadm.address(file,
                        file.nodes().stream().filter(n -> !n.equals(node)).findFirst().orElse(node)) : id + p)
                        .append(" --set-defaults --protocol=").append(file.protocol());
                if (file.verifyAlg() != null) {
                    sb.append(" --verify-alg=").append(file.verifyAlg());
                }
                if (file.allowTwoPrimaries()) {
                    sb.append(" --allow-two-primaries=yes");
                }
                sb.append('\n');
            }
        }
        if (!r.netConfigured || !r.configured) {
            sb.append(tool).append(" connect ").append(id).append('\n');
        }
        if (r.allowTwoPrimaries != file.allowTwoPrimaries() && r.spec.protocol() == file.protocol()
                && Objects.equals(r.verifyAlg, file.verifyAlg())) {
            sb.append(tool).append(" net-options ").append(id).append(" --allow-two-primaries=")
                    .append(file.allowTwoPrimaries() ? "yes" : "no").append('\n');
        }
        return sb.toString();
    }
}
