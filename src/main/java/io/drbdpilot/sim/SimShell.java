// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * A simulated node's shell: it splits a command line the way a POSIX shell does (quotes, backslashes, {@code ;} and
 * {@code &&}), strips {@code sudo}, and answers DRBD's and the system's commands with the real formats, texts and
 * exit codes. Unknown commands get {@code command not found} and exit 127.
 */
public final class SimShell {

    /** What a command printed and returned. */
    public record Result(int exit, String stdout, String stderr) {
        static Result ok(String out) {
            return new Result(0, out, "");
        }

        static Result err(int exit, String err) {
            return new Result(exit, "", err);
        }
    }

    private final SimCluster cluster;
    private final String node;
    private final String login;

    public SimShell(SimCluster cluster, String node, String login) {
        this.cluster = cluster;
        this.node = node;
        this.login = login;
    }

    public String node() {
        return node;
    }

    /** Runs a whole command line; {@code a; b} and {@code a && b} as a shell would. */
    public Result run(String commandLine) {
        List<List<String>> commands = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        try {
            Tokenizer.split(commandLine, commands, ops);
        } catch (IllegalArgumentException e) {
            return Result.err(2, "bash: -c: line 1: " + e.getMessage() + "\n");
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (int i = 0; i < commands.size(); i++) {
            if (i > 0 && ops.get(i - 1).equals("&&") && exit != 0) {
                continue;
            }
            // what DRBD Pilot's batches use of a shell (io.drbdpilot.ssh.Batch): "$?", >&2 and </dev/null
            List<String> argv = new ArrayList<>();
            boolean toErr = false;
            for (String w : commands.get(i)) {
                switch (w) {
                    case "$?" -> argv.add(Integer.toString(exit));
                    case ">&2" -> toErr = true;
                    case "</dev/null" -> { }
                    default -> argv.add(w);
                }
            }
            Result r = one(argv);
            (toErr ? err : out).append(r.stdout());
            err.append(r.stderr());
            exit = r.exit();
        }
        return new Result(exit, out.toString(), err.toString());
    }

    private Result one(List<String> argv) {
        if (argv.isEmpty()) {
            return Result.ok("");
        }
        List<String> a = new ArrayList<>(argv);
        boolean sudo = false;
        if (a.get(0).equals("sudo")) {
            sudo = true;
            a.remove(0);
            while (!a.isEmpty() && a.get(0).startsWith("-")) {
                if (a.remove(0).equals("--")) {
                    break;
                }
            }
            if (a.isEmpty()) {
                return Result.err(1, "usage: sudo -h | -K | -k | -V\n");
            }
        }
        boolean root = sudo || login.equals("root");
        String prog = a.get(0);
        String base = prog.substring(prog.lastIndexOf('/') + 1);
        boolean inSbin = prog.startsWith("/usr/sbin/") || prog.startsWith("/sbin/");
        if (!root && !inSbin && isSbin(base)) {
            return Result.err(127, "bash: line 1: " + prog + ": command not found\n");
        }
        if (!cluster.isUp(node)) {
            return Result.err(255, "ssh: connect to host " + node + ": No route to host\n");
        }
        List<String> args = a.subList(1, a.size());
        Result broken = cluster.read(() -> { // "drbdsetup show" broken alone, or the whole program
            Map<String, Result> b = cluster.node(node).brokenTools;
            return args.isEmpty() || !b.containsKey(base + " " + args.get(0)) ? b.get(base)
                    : b.get(base + " " + args.get(0));
        });
        if (broken != null) {
            return broken;
        }
        Result tool = new SimTools(cluster, node).run(base, args);
        if (tool != null) {
            return tool;
        }
        return switch (base) {
            case "drbdadm" -> new SimDrbdadm(cluster, node).run(args);
            case "drbdsetup", "drbdsetup-84" -> new SimDrbdadm(cluster, node).drbdsetup(args);
            case "cat" -> cat(args);
            case "uname" -> Result.ok(node + "\n");
            case "hostname" -> Result.ok(node + "\n");
            case "sh" -> args.size() == 2 && args.get(0).equals("-c") ? run(args.get(1))
                    : Result.err(2, "sh: only -c COMMAND is simulated\n");
            case "printf" -> printf(args);
            case "true" -> Result.ok("");
            case "false" -> Result.err(1, "");
            case "echo" -> Result.ok(String.join(" ", args) + "\n");
            case "id" -> Result.ok(root ? "uid=0(root) gid=0(root) groups=0(root)\n"
                    : "uid=1000(" + login + ") gid=1000(" + login + ") groups=1000(" + login + "),27(sudo)\n");
            case "mkdir" -> Result.ok("");
            case "test" -> test(args);
            case "sync" -> Result.ok("");
            case "mount", "umount", "lsof", "fuser", "dd", "systemctl", "virsh", "xl", "dmesg", "blockdev", "stat", "lvs",
                    "lvcreate", "blkid", "wipefs", "cmp", "resize2fs", "df" ->
                    new SimSystem(cluster, node).run(base, args);
            case "sim" -> control(args);
            default -> Result.err(127, "bash: line 1: " + prog + ": command not found\n");
        };
    }

    /** {@code test -d /run/systemd/system} (simulated nodes run systemd), {@code test -f /etc/xen/NAME.cfg}. */
    private Result test(List<String> a) {
        if (a.size() == 2 && a.get(0).equals("-d") && a.get(1).equals("/run/systemd/system")) {
            return Result.ok("");
        }
        if (a.size() == 2 && a.get(0).equals("-f") && a.get(1).matches("/etc/xen/[^/]+\\.cfg")) {
            String name = a.get(1).substring("/etc/xen/".length(), a.get(1).length() - 4);
            return cluster.hosts().xenConfigured(node, name) ? Result.ok("") : Result.err(1, "");
        }
        return Result.err(1, "");
    }

    private static boolean isSbin(String base) {
        return base.startsWith("drbd") || base.equals("lsof") || base.equals("fuser") || base.equals("cibadmin");
    }

    private Result cat(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String f : args) {
            switch (f) {
                case "--" -> { }
                case "/proc/drbd" -> sb.append(cluster.read(() -> SimFormats.procDrbd(cluster, node)));
                case "/proc/mounts" -> sb.append(cluster.read(() -> SimSystem.procMounts(cluster, node)));
                default -> {
                    if (f.matches("/sys/block/drbd\\d+/size")) { // 512-byte sectors, readable on a Secondary too
                        Long bytes = cluster.read(() -> new SimResize(cluster, node).drbdBytes(Integer.parseInt(
                                f.substring(15, f.length() - 5))));
                        if (bytes != null) {
                            sb.append(bytes / 512).append('\n');
                            continue;
                        }
                    }
                    String file = new SimTools(cluster, node).file(f);
                    if (file == null) {
                        return Result.err(1, "cat: " + f + ": No such file or directory\n");
                    }
                    sb.append(file);
                }
            }
        }
        return Result.ok(sb.toString());
    }

    /** {@code sim ...}: fault injection from any node's shell, for scripts and people. */
    private Result control(List<String> a) {
        String usage = "usage: sim cut|heal NODE NODE | crash|restart NODE | write RES KIB | writer start RES KIBPS"
                + " | writer stop RES | hold RES [COMMAND PID] | release RES | stuck RES on|off | tick SECONDS"
                + " | drop-sessions NODE | latency NODE MS | fail-disk RES | swap-disk RES | grow-disk RES VOLUME MIB\n";
        if (a.isEmpty()) {
            return Result.err(2, usage);
        }
        try {
            switch (a.get(0)) {
                case "cut" -> cluster.cut(a.get(1), a.get(2));
                case "heal" -> cluster.heal(a.get(1), a.get(2));
                case "crash" -> cluster.crash(a.get(1));
                case "restart" -> cluster.restart(a.get(1));
                case "write" -> {
                    if (!cluster.write(node, a.get(1), 0, Long.parseLong(a.get(2)))) {
                        return Result.err(1, "sim: " + a.get(1) + " is not Primary on " + node + "\n");
                    }
                }
                case "writer" -> {
                    if (a.get(1).equals("start")) {
                        cluster.startWriter(node, a.get(2), Long.parseLong(a.get(3)));
                    } else {
                        cluster.stopWriters(node, a.get(2));
                    }
                }
                case "hold" -> cluster.hosts().holdOpen(node, minor(a.get(1)), a.size() > 2 ? a.get(2) : "qemu-system-x86",
                        a.size() > 3 ? Integer.parseInt(a.get(3)) : 4242);
                case "release" -> cluster.hosts().releaseOpen(node, minor(a.get(1)));
                case "stuck" -> cluster.stuckResync(a.get(1), a.get(2).equals("on"));
                case "tick" -> cluster.tick(Duration.ofMillis(Math.round(Double.parseDouble(a.get(1)) * 1000)));
                case "drop-sessions" -> cluster.hosts().dropSessions(a.get(1));
                case "latency" -> cluster.hosts().latency(a.get(1), Duration.ofMillis(Long.parseLong(a.get(2))));
                case "fail-disk" -> cluster.failDisk(node, a.get(1));
                case "grow-disk" -> cluster.growBacking(node, a.get(1), Integer.parseInt(a.get(2)),
                        Long.parseLong(a.get(3)) * 1024 * 1024); // sim grow-disk RES VOLUME MIB
                case "swap-disk" -> cluster.swapDisk(node, a.get(1));
                default -> {
                    return Result.err(2, usage);
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException | NullPointerException e) {
            return Result.err(2, usage);
        }
        return Result.ok("");
    }

    private int minor(String res) {
        return cluster.resources().stream().filter(s -> s.name().equals(res)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(res)).minors().get(0);
    }

    /** printf with %s, %d, %% and \\n: what the batches print between their commands. */
    private static Result printf(List<String> args) {
        if (args.isEmpty()) {
            return Result.err(1, "printf: usage: printf format [arguments]\n");
        }
        String f = args.get(0).replace("\\n", "\n");
        StringBuilder sb = new StringBuilder();
        int next = 1;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '%' && i + 1 < f.length()) {
                char k = f.charAt(++i);
                if (k == '%') {
                    sb.append('%');
                } else {
                    sb.append(next < args.size() ? args.get(next++) : k == 'd' ? "0" : "");
                }
            } else {
                sb.append(c);
            }
        }
        return Result.ok(sb.toString());
    }

    /** POSIX-shell word splitting: single and double quotes, backslash escapes, and the ; and && operators. */
    static final class Tokenizer {
        private Tokenizer() {
        }

        static void split(String line, List<List<String>> commands, List<String> ops) {
            List<String> cur = new ArrayList<>();
            StringBuilder word = null;
            int i = 0;
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                if (c == '\'') {
                    int end = line.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unexpected EOF while looking for matching `''");
                    }
                    word = word == null ? new StringBuilder() : word;
                    word.append(line, i + 1, end);
                    i = end + 1;
                } else if (c == '"') {
                    word = word == null ? new StringBuilder() : word;
                    i++;
                    while (i < n && line.charAt(i) != '"') {
                        if (line.charAt(i) == '\\' && i + 1 < n && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                            i++;
                        }
                        word.append(line.charAt(i++));
                    }
                    if (i >= n) {
                        throw new IllegalArgumentException("unexpected EOF while looking for matching `\"'");
                    }
                    i++;
                } else if (c == '\\' && i + 1 < n) {
                    word = word == null ? new StringBuilder() : word;
                    word.append(line.charAt(i + 1));
                    i += 2;
                } else if (c == ' ' || c == '\t' || c == '\n') {
                    if (word != null) {
                        cur.add(word.toString());
                        word = null;
                    }
                    i++;
                } else if (c == ';' || (c == '&' && i + 1 < n && line.charAt(i + 1) == '&')) {
                    if (word != null) {
                        cur.add(word.toString());
                        word = null;
                    }
                    commands.add(cur);
                    cur = new ArrayList<>();
                    ops.add(c == ';' ? ";" : "&&");
                    i += c == ';' ? 1 : 2;
                } else {
                    word = word == null ? new StringBuilder() : word;
                    word.append(c);
                    i++;
                }
            }
            if (word != null) {
                cur.add(word.toString());
            }
            commands.add(cur);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
