// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line {@code drbdadm -d adjust RES} prints (a {@code drbdsetup} or {@code drbdmeta} call the real adjust would
 * make), explained in words and marked by what it does to a running resource. A line that is not recognised is
 * {@link Impact#DANGEROUS}: it is shown for review, never waved through.
 *
 * @param line  the line as the node printed it
 * @param verb  the drbdsetup command ({@code disk-options}, {@code connect}, ...), or the drbdmeta command
 * @param words what it does, for an operator
 */
public record AdjustAction(String line, String verb, Impact impact, String words) {

    /** What a line does to a running resource. */
    public enum Impact {
        /** Options change; replication goes on. */
        SAFE,
        /** Replication stops for a moment (disconnect and reconnect, a path removed, a resize). */
        INTERRUPTS,
        /** A disk detached, a peer or a volume removed, or a line not recognised. */
        DANGEROUS
    }

    public boolean safe() {
        return impact == Impact.SAFE;
    }

    /** The lines of {@code drbdadm -d adjust} output, each explained; empty when the kernel runs the files. */
    public static List<AdjustAction> parse(String output) {
        List<AdjustAction> out = new ArrayList<>();
        for (String raw : output.split("\n")) {
            String l = raw.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(of(l));
            }
        }
        return out;
    }

    /** One line explained, its secrets masked. */
    public static AdjustAction of(String printed) {
        String line = ConfigText.maskSecrets(printed);
        String[] w = line.split("\\s+");
        String tool = w[0];
        String verb = w.length > 1 ? w[1] : "";
        String opts = options(w);
        if (tool.startsWith("drbdmeta")) {
            String cmd = w.length > 4 ? w[w.length - 1] : verb;
            return "apply-al".equals(cmd)
                    ? new AdjustAction(line, cmd, Impact.SAFE, "applies the activity log to the metadata before attach")
                    : new AdjustAction(line, cmd, Impact.DANGEROUS, "changes the DRBD metadata (" + cmd + "): review it");
        }
        if (!tool.startsWith("drbdsetup")) {
            return new AdjustAction(line, verb, Impact.DANGEROUS, "not a drbdsetup call DRBD Pilot knows: review it");
        }
        return switch (verb) {
            case "disk-options" -> new AdjustAction(line, verb, Impact.SAFE, "changes disk options" + opts
                    + "; replication goes on");
            case "peer-device-options" -> new AdjustAction(line, verb, Impact.SAFE, "changes the options towards a peer"
                    + opts + " (the resync rate and its controller); replication goes on");
            case "net-options" -> new AdjustAction(line, verb, Impact.SAFE, "changes network options" + opts
                    + " on the running connection");
            case "resource-options" -> new AdjustAction(line, verb, Impact.SAFE, "changes resource options" + opts);
            case "new-resource" -> new AdjustAction(line, verb, Impact.SAFE, "creates the resource in the kernel" + opts);
            case "new-minor" -> new AdjustAction(line, verb, Impact.SAFE, "creates a volume's device in the kernel");
            case "new-peer" -> new AdjustAction(line, verb, Impact.SAFE, "adds a peer" + opts);
            case "new-path" -> new AdjustAction(line, verb, Impact.SAFE, "adds a network path to a peer");
            case "connect" -> new AdjustAction(line, verb, Impact.SAFE, "connects to the peer (a resync may follow)");
            case "attach" -> new AdjustAction(line, verb, Impact.SAFE, "attaches the backing disk (a resync may "
                    + "follow)");
            case "disconnect" -> new AdjustAction(line, verb, Impact.INTERRUPTS, "disconnects from the peer: "
                    + "replication stops until it reconnects, a running resync or verify is cut");
            case "del-path" -> new AdjustAction(line, verb, Impact.INTERRUPTS, "removes a network path: the "
                    + "connection over it drops");
            case "resize" -> new AdjustAction(line, verb, Impact.INTERRUPTS, "resizes the device" + opts
                    + " (the new part is resynced)");
            case "detach" -> new AdjustAction(line, verb, Impact.DANGEROUS, "detaches the disk: this node becomes "
                    + "Diskless (a Primary then reads and writes over the network)");
            case "del-peer" -> new AdjustAction(line, verb, Impact.DANGEROUS, "removes a peer: no more replication to "
                    + "it");
            case "del-minor", "down" -> new AdjustAction(line, verb, Impact.DANGEROUS, "removes a volume or the "
                    + "resource from the kernel");
            default -> new AdjustAction(line, verb, Impact.DANGEROUS, "a drbdsetup " + verb + " DRBD Pilot does not "
                    + "know: review it");
        };
    }

    /** The {@code --option=value} words of a line, shown as " (resync-rate 60M, c-plan-ahead 0)". */
    private static String options(String[] w) {
        List<String> o = new ArrayList<>();
        for (String s : w) {
            if (s.startsWith("--") && !s.equals("--set-defaults")) {
                String kv = s.substring(2);
                int eq = kv.indexOf('=');
                o.add(eq < 0 ? kv : kv.substring(0, eq) + " " + kv.substring(eq + 1));
            }
        }
        return o.isEmpty() ? "" : " (" + String.join(", ", o) + ")";
    }

    /** The worst impact of some lines (SAFE when there are none). */
    public static Impact worst(List<AdjustAction> actions) {
        Impact w = Impact.SAFE;
        for (AdjustAction a : actions) {
            if (a.impact.ordinal() > w.ordinal()) {
                w = a.impact;
            }
        }
        return w;
    }

    @Override
    public String toString() {
        return line + "  — " + words + (impact == Impact.SAFE ? "" : " [" + impact.name().toLowerCase(Locale.ROOT)
                + "]");
    }
}
