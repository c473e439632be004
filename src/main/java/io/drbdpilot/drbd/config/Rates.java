// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DRBD's rates and sizes as its configuration files write them ({@code 40M}, {@code 250k}, {@code 4096}). */
public final class Rates {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*([kKmMgG]?)");

    private Rates() {
    }

    /** The value in KiB (KiB/s for a rate: a plain number is KiB, as DRBD reads it); null when unreadable. */
    public static Long kib(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "m" -> n * 1024;
            case "g" -> n * 1024 * 1024;
            default -> n;
        };
    }
}
