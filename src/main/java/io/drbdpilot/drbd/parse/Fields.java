// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

/**
 * One object's text fields, in a {@link SmallMap} (an object has about fifteen), with short values shared. Names and
 * ids are shared by the fold itself ({@link Events2State}): sent to the bounded pool, a cluster's thousands of resource
 * names would fill it and leave the minors and sizes it is for unshared.
 */
final class Fields extends SmallMap<String, String> {

    @Override
    String adopt(String key, String value) {
        return switch (key) {
            case "name", "conn-name", "peer-node-id" -> value;
            case null -> value;
            default -> SharedTexts.share(value);
        };
    }
}
