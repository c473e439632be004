// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import java.util.Arrays;

/**
 * Why DRBD refused a state change ({@code SS_*}, negative codes) or a configuration request ({@code ERR_*}, codes
 * above 100), with the kernel's text (docs/drbd-reference.md §e.2) and what an operator should do about it.
 */
public enum RefusalReason {
    TWO_PRIMARIES(-1, "Multiple primaries not allowed by config",
            "The peer is Primary. Demote it first; dual-primary is only for live migration."),
    NO_UP_TO_DATE_DISK(-2, "Need access to UpToDate data",
            "Neither this disk nor a reachable peer is UpToDate. Reconnect to an UpToDate peer or wait for the resync."),
    NO_LOCAL_DISK(-4, "Can not resync without local disk", "Attach the backing disk (drbdadm attach)."),
    NO_REMOTE_DISK(-5, "Can not resync without remote disk", "The peer has no disk attached; attach it there."),
    CONNECTED_OUTDATES(-6, "Refusing to be Outdated while Connected", "Disconnect before outdating."),
    PRIMARY_NOP(-7, "Refusing to be Primary while peer is not outdated",
            "Fencing is on and the peer could not be outdated. Check the fence-peer handler and the link."),
    RESYNC_RUNNING(-8, "Can not start OV/resync since it is already active", "Wait for the running resync to end."),
    ALREADY_STANDALONE(-9, "Can not disconnect a StandAlone device", "Nothing to do: it is already disconnected."),
    CW_FAILED_BY_PEER(-10, "State change was refused by peer node", "Look at the peer's kernel log for why."),
    IS_DISKLESS(-11, "Device is diskless, the requested operation requires a disk", "Attach a disk first."),
    DEVICE_IN_USE(-12, "Device is held open by someone",
            "Something uses the device: unmount it, stop the service or VM, then retry. Check lsof/fuser."),
    NO_NET_CONFIG(-13, "Have no net/connection configuration", "Bring the connection up (drbdadm adjust)."),
    NO_VERIFY_ALG(-14, "Need a verify algorithm to start online verify", "Set verify-alg in the net section."),
    NEED_CONNECTION(-15, "Need a connection to start verify or resync", "Connect to the peer first."),
    LOWER_THAN_OUTDATED(-16, "Disk state is lower than outdated", "The disk is Inconsistent or worse; resync it."),
    NOT_SUPPORTED(-17, "Peer does not support protocol", "The peer runs an incompatible DRBD version."),
    IN_TRANSIENT_STATE(-18, "In transient state, retry after next state change",
            "A handshake is under way. Retry after the next state change."),
    CONCURRENT_ST_CHG(-19, "Concurrent state changes detected and aborted",
            "Another state change ran at the same time. Retry after the next state change."),
    O_VOL_PEER_PRI(-20, "Other vol primary on peer not allowed by config",
            "Another volume is Primary on the peer."),
    INTERRUPTED(-21, "Interrupted state change", "Retry; check the kernel log if it repeats."),
    PRIMARY_READER(-22, "Peer may not become primary while device is opened read-only",
            "Close the read-only user of the device on this node."),
    TIMEOUT(-23, "Timeout in operation", "A peer did not answer in time; check the links."),
    WEAKLY_CONNECTED(-24, "Primary nodes must be strongly connected among each other",
            "Connect the Primaries directly before this change."),
    NO_QUORUM(-25, "No quorum", "Too few nodes are reachable. Reconnect peers until the partition has quorum."),
    PROTOCOL_C_REQUIRED(139, "Protocol C required", "allow-two-primaries needs protocol C."),
    DISCARD_NOT_ALLOWED(123, "--discard-my-data not allowed when primary",
            "Demote this node before discarding its data."),
    RESIZE_RESYNC(130, "Resize not allowed during resync.", "Wait for the resync to end, then resize."),
    NO_PRIMARY(131, "Need one Primary node to resize.", "Promote one node (where its users run), then resize."),
    MINOR_NOT_ALLOCATED(127, "Device minor not allocated", "The resource is down here; bring it up."),
    NEED_STANDALONE(151, "Need to be StandAlone", "Disconnect first."),
    UNKNOWN_RESOURCE(158, "Unknown resource", "Check the resource name and that it is up on this node."),
    INVALID_REQUEST(162, "Invalid configuration request", "The request does not fit the current state."),
    NEED_ALLOW_TWO_PRI(164, "Can not clear allow_two_primaries as long as there a primaries on both sides",
            "Demote one side before turning dual-primary off."),
    OTHER(0, "", "See the message from DRBD.");

    private final int code;
    private final String kernelText;
    private final String advice;

    RefusalReason(int code, String kernelText, String advice) {
        this.code = code;
        this.kernelText = kernelText;
        this.advice = advice;
    }

    public int code() {
        return code;
    }

    public String kernelText() {
        return kernelText;
    }

    /** What to do about it, in plain words. */
    public String advice() {
        return advice;
    }

    /** Only transient refusals (-18, -19) may succeed when simply retried after the next state change. */
    public boolean retryable() {
        return this == IN_TRANSIENT_STATE || this == CONCURRENT_ST_CHG;
    }

    public static RefusalReason ofCode(int code) {
        return Arrays.stream(values()).filter(r -> r != OTHER && r.code == code).findFirst().orElse(OTHER);
    }
}
