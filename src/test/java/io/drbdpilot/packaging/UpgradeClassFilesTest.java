// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * packaging/UpgradeClassFiles.java, as the package build runs it, on the picocli jar the package ships: every class
 * file comes out as major version 52 with stack maps the verifier accepts, every other entry unchanged.
 */
class UpgradeClassFilesTest {

    @TempDir
    Path dir;

    @Test
    void picocliComesOutAsJava8ClassFilesThatVerifyAndWork() throws Exception {
        Path original = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("picocli.jar");
        Files.copy(original, jar);
        Map<String, Integer> before = majors(jar);
        assertThat(before.values()).as("picocli ships Java 5 class files (else this step is not needed)").contains(49);

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Path.of("packaging", "UpgradeClassFiles.java").toString(), jar.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        long old = before.values().stream().filter(v -> v < 50).count();
        assertThat(out).contains(old + " class file(s) of picocli.jar rewritten as major version 52");

        Map<String, Integer> after = majors(jar);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((name, v) -> assertThat(v).as(name).isEqualTo(before.get(name) < 50 ? 52 : before.get(name)));
        assertThat(entries(jar)).isEqualTo(entries(original)); // nothing added or lost, resources byte for byte

        // every class links (the verifier checks the new stack maps) and initializes, in a loader of its own
        List<String> names = new ArrayList<>();
        after.keySet().stream().filter(n -> !n.startsWith("META-INF/")).forEach(n -> names.add(
                n.substring(0, n.length() - ".class".length()).replace('/', '.')));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            for (String n : names) {
                Class<?> c = Class.forName(n, true, loader);
                assertThat(c.getClassLoader()).isSameAs(loader);
            }
            // and it still parses a command line: the upgraded picocli reads a command's annotations and its usage
            Class<?> cl = Class.forName("picocli.CommandLine", true, loader);
            Object help = Class.forName("picocli.CommandLine$HelpCommand", true, loader).getConstructor()
                    .newInstance();
            Object line = cl.getConstructor(Object.class).newInstance(help);
            Object usage = cl.getMethod("getUsageMessage").invoke(line);
            assertThat(usage.toString()).contains("Usage: help [-h] [COMMAND]");
        }
    }

    /** Each class file's major version, by entry name. */
    private static Map<String, Integer> majors(Path jar) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                if (e.getName().endsWith(".class")) {
                    try (InputStream in = z.getInputStream(e); DataInputStream d = new DataInputStream(in)) {
                        assertThat(d.readInt()).isEqualTo(0xCAFEBABE);
                        d.readUnsignedShort();
                        out.put(e.getName(), d.readUnsignedShort());
                    }
                }
            }
        }
        return out;
    }

    /** Every entry that is not a class file, with its bytes; class files by name only. */
    private static Map<String, String> entries(Path jar) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                if (e.getName().endsWith(".class")) {
                    out.put(e.getName(), "class");
                } else {
                    try (InputStream in = z.getInputStream(e)) {
                        out.put(e.getName(), java.util.HexFormat.of().formatHex(in.readAllBytes()));
                    }
                }
            }
        }
        return out;
    }
}
