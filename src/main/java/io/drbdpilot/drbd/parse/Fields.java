// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

/** One object's text fields, in a {@link SmallMap} (an object has about fifteen), with short values shared. */
final class Fields extends SmallMap<String, String> {

    @Override
    String adopt(String value) {
        return SharedTexts.share(value);
    }
}
