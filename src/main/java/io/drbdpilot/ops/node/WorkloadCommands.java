// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.node;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ssh.RemoteCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The typed commands around the workloads on DRBD: libvirt ({@code virsh}), Xen ({@code xl}), systemd and SysV init
 * scripts. Built as argv lists from validated names, like {@link DrbdCommands}.
 */
public final class WorkloadCommands {

    /** Host names and IPv4 addresses, as a migration URI names the target. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private WorkloadCommands() {
    }

    public static String host(String h) {
        if (h == null || !HOST.matcher(h).matches()) {
            throw new IllegalArgumentException("'" + h + "' is not a valid host name");
        }
        return h;
    }

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** A libvirt domain UUID: virsh never reads it as a domain id or another domain's name. */
    public static String uuid(String u) {
        if (u == null || !UUID.matcher(u).matches()) {
            throw new IllegalArgumentException("'" + u + "' is not a domain UUID");
        }
        return u.toLowerCase(Locale.ROOT);
    }

    public static boolean isUuid(String u) {
        return u != null && UUID.matcher(u).matches();
    }

    /**
     * How commands name a domain: its UUID once discovery found it, else its validated name (a Xen domain, or a VM
     * the operator named). A name of digits only is refused: virsh would take it for a running domain's id.
     */
    public static String domain(String ref) {
        if (isUuid(ref)) {
            return uuid(ref);
        }
        String n = DrbdCommands.unit(ref);
        if (n.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + n + "' would be read by virsh as a domain id; name the VM by "
                    + "its UUID (virsh domuuid)");
        }
        return n;
    }

    public static String uri(String host) {
        return "qemu+ssh://" + host(host) + "/system";
    }

    /** UUIDs of all (or the running) libvirt domains, one per line. */
    public static RemoteCommand virshUuids(boolean all) {
        return all ? RemoteCommand.root("virsh", "list", "--all", "--uuid") : RemoteCommand.root("virsh", "list",
                "--uuid");
    }

    public static RemoteCommand domname(String uuid) {
        return RemoteCommand.root("virsh", "domname", uuid(uuid));
    }

    public static RemoteCommand domblklist(String dom) {
        return RemoteCommand.root("virsh", "domblklist", domain(dom));
    }

    public static RemoteCommand domstate(String dom) {
        return RemoteCommand.root("virsh", "domstate", domain(dom));
    }

    public static RemoteCommand domjobinfo(String dom) {
        return RemoteCommand.root("virsh", "domjobinfo", domain(dom));
    }

    /** From the source: can libvirt reach the target's libvirt over the migration transport? */
    /** Aborts the domain's running job (a migration that timed out). */
    public static RemoteCommand domjobabort(String dom) {
        return RemoteCommand.root("virsh", "domjobabort", domain(dom));
    }

    public static RemoteCommand remoteUri(String targetHost) {
        return RemoteCommand.root("virsh", "-c", uri(targetHost), "uri");
    }

    /**
     * {@code virsh migrate --live [--persistent --undefinesource] --verbose DOM qemu+ssh://HOST/system}.
     *
     * @param carry the domain is not defined on the target: its definition goes with it
     */
    public static RemoteCommand migrateLive(String dom, String targetHost, boolean carry) {
        List<String> a = new ArrayList<>(List.of("virsh", "migrate", "--live"));
        if (carry) {
            a.addAll(List.of("--persistent", "--undefinesource"));
        }
        a.addAll(List.of("--verbose", domain(dom), uri(targetHost)));
        return RemoteCommand.root(a.toArray(String[]::new));
    }

    /** A shut-off domain's definition, moved to the target (cold migration). */
    public static RemoteCommand migrateOffline(String dom, String targetHost) {
        return RemoteCommand.root("virsh", "migrate", "--offline", "--persistent", "--undefinesource",
                domain(dom), uri(targetHost));
    }

    public static RemoteCommand xlRunning() {
        return RemoteCommand.root("xl", "list");
    }

    public static RemoteCommand xlLong(String dom) {
        return RemoteCommand.root("xl", "list", "-l", DrbdCommands.unit(dom));
    }

    /** Exit 0 while the domain runs. */
    public static RemoteCommand xlList(String dom) {
        return RemoteCommand.root("xl", "list", DrbdCommands.unit(dom));
    }

    public static RemoteCommand xlMigrate(String dom, String targetHost) {
        return RemoteCommand.root("xl", "migrate", DrbdCommands.unit(dom), host(targetHost));
    }

    public static String xlConfig(String dom) {
        return "/etc/xen/" + DrbdCommands.unit(dom) + ".cfg";
    }

    /** From the source: xl migrate's transport, root's ssh to the target, without questions. */
    public static RemoteCommand sshCheck(String targetHost) {
        return RemoteCommand.root("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "root@" + host(targetHost),
                "true");
    }

    public static RemoteCommand fileExists(String path) {
        return RemoteCommand.of("test", "-f", DrbdCommands.path(path));
    }

    /** Exit 0 on a host booted with systemd. */
    public static RemoteCommand systemdRuns() {
        return RemoteCommand.of("test", "-d", "/run/systemd/system");
    }

    /** The units that need a mount (RequiresMountsFor, Requires=…mount). */
    public static RemoteCommand reverseDependencies(String mountPoint) {
        return RemoteCommand.of("systemctl", "list-dependencies", "--reverse", "--plain", "--no-legend",
                "--no-pager", mountUnit(mountPoint));
    }

    /** systemd's name for the mount unit of a path ({@code systemd-escape --path --suffix=mount}). */
    public static String mountUnit(String path) {
        String p = DrbdCommands.path(path).replaceAll("/+", "/").replaceAll("^/|/$", "");
        if (p.isEmpty()) {
            return "-.mount";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            if (ch == '/') {
                sb.append('-');
            } else if (Character.isLetterOrDigit(ch) && ch < 128 || ch == '_' || ch == '.' && i > 0 || ch == ':') {
                sb.append(ch);
            } else {
                sb.append(String.format("\\x%02x", (int) ch));
            }
        }
        return sb + ".mount";
    }
}
