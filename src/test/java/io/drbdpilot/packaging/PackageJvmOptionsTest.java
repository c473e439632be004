// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.PackageJvmOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JVM options of the package (packaging/image.args): the JVM takes them all and prints nothing on standard output
 * because of them (the CLI's output, JSON included, is read by scripts; a CompileCommand without {@code quiet} before it
 * prints a line there), and the README's run command (the pom's exec line) starts with the same ones.
 */
class PackageJvmOptionsTest {

    @Test
    void theJvmTakesThePackagesOptionsAndWritesNothingOnStandardOutput() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(PackageJvmOptions.read(true));
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).start();
        byte[] err = p.getErrorStream().readAllBytes();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(err, StandardCharsets.UTF_8)).isZero();
        assertThat(out).as("standard output of " + cmd).isEmpty();
    }

    @Test
    void theReadmesRunCommandHasEveryJvmOptionOfThePackage() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String run = pom.lines().filter(l -> l.contains("<commandlineArgs>-Xmx") && l.contains("${main.class}"))
                .findFirst().orElseThrow(() -> new AssertionError("no exec line that runs ${main.class} in pom.xml"));
        List<String> words = List.of(run.trim().replace("<commandlineArgs>", "").split(" "));
        assertThat(words).containsAll(PackageJvmOptions.read(true));
    }
}
