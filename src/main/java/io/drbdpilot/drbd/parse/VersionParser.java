// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.UtilsVersion;
import java.util.HashMap;
import java.util.Map;

/** Parses {@code drbdadm --version}: {@code KEY=VALUE} lines such as {@code DRBD_KERNEL_VERSION_CODE=0x08040b}. */
public final class VersionParser {

    private VersionParser() {
    }

    public static ParseResult<UtilsVersion> parse(String text) throws ParseException {
        if (text == null || text.isBlank()) {
            throw new ParseException(0, "", "empty input: no drbdadm --version output");
        }
        Map<String, String> kv = new HashMap<>();
        Lines lines = Lines.of(text);
        for (int i = 0; i < lines.lines().size(); i++) {
            String line = lines.lines().get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || !line.substring(0, eq).matches("[A-Z0-9_]+")) {
                throw new ParseException(i + 1, lines.lines().get(i), "expected KEY=VALUE from drbdadm --version");
            }
            kv.put(line.substring(0, eq), line.substring(eq + 1));
        }
        if (!kv.containsKey("DRBDADM_VERSION") && !kv.containsKey("DRBDADM_VERSION_CODE")) {
            throw new ParseException(1, lines.lines().get(0), "no DRBDADM_VERSION in drbdadm --version output");
        }
        int kernelCode = hex(kv.get("DRBD_KERNEL_VERSION_CODE"));
        String buildTag = kv.get("DRBDADM_BUILDTAG");
        return ParseResult.of(new UtilsVersion(kv.get("DRBDADM_VERSION"), hex(kv.get("DRBDADM_VERSION_CODE")),
                kernelCode, kv.getOrDefault("DRBD_KERNEL_VERSION",
                        kernelCode == 0 ? null : UtilsVersion.decode(kernelCode)),
                buildTag == null ? null : buildTag.replace("\\", ""), ModelAssembler.integer(kv.get("DRBDADM_API_VERSION"))));
    }

    private static int hex(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Integer.parseInt(s.startsWith("0x") ? s.substring(2) : s, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
