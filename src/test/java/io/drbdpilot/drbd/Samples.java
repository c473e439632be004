// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd;

import io.drbdpilot.drbd.parse.CaptureSection;
import io.drbdpilot.drbd.parse.LabCapture;
import io.drbdpilot.drbd.parse.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test inputs: real lab captures (samples/lab) and hand-made fixtures from the reference (samples/fixtures). */
public final class Samples {

    public static final List<String> LAB = List.of("crash_failover", "disconnect", "drbdadm_dump", "drbdadm_status",
            "drbdsetup_events2", "drbdsetup_status", "proc_drbd_connected", "refusals", "resync", "split_brain",
            "standalone", "switchover");

    private Samples() {
    }

    public static String lab(String name) {
        return read("/samples/lab/" + name + ".txt");
    }

    public static String fixture(String file) {
        return read("/samples/fixtures/" + file);
    }

    /** The n-th (0-based) section of a lab capture run on host whose command starts with command. */
    public static CaptureSection section(String sample, String host, String command, int n) {
        try {
            return LabCapture.split(lab(sample)).value().stream()
                    .filter(s -> s.host().equals(host) && s.command().startsWith(command))
                    .skip(n).findFirst()
                    .orElseThrow(() -> new AssertionError("no section " + host + "$ " + command + " #" + n));
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    public static String read(String resource) {
        try (InputStream in = Samples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
