// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import java.util.List;

/** A parsed value and the warnings collected on the way. */
public record ParseResult<T>(T value, List<ParseWarning> warnings) {

    public ParseResult {
        warnings = List.copyOf(warnings);
    }

    public static <T> ParseResult<T> of(T value) {
        return new ParseResult<>(value, List.of());
    }
}
