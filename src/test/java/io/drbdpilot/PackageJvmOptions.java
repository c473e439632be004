// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options the package starts with ({@code packaging/image.args}: heap, collector, native memory), so the
 * benches measure the window and the monitor as installed; the module options are left out (the benches run from
 * the class path).
 */
public final class PackageJvmOptions {

    private PackageJvmOptions() {
    }

    /** The {@code -X} options, the heap's ({@code -Xmx}) included unless {@code withHeap} is false. */
    public static List<String> read(boolean withHeap) {
        Path args = Path.of("packaging", "image.args");
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(args)) {
                String prefix = "--java-options \"";
                if (line.startsWith(prefix) && line.endsWith("\"")) {
                    String option = line.substring(prefix.length(), line.length() - 1);
                    if (option.startsWith("-X") && (withHeap || !option.startsWith("-Xmx"))) {
                        out.add(option);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the benches read the package's options from " + args.toAbsolutePath()
                    + " (run them from the project's directory)", e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no -X option in " + args.toAbsolutePath());
        }
        return out;
    }
}
