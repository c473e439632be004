// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

/**
 * What {@code drbdadm --version} says: the userland version and the kernel module version it sees.
 *
 * @param utilsVersion      e.g. {@code 9.22.0}
 * @param utilsVersionCode  e.g. {@code 0x091600}
 * @param kernelVersionCode e.g. {@code 0x08040b} for 8.4.11; 0 when no module is loaded
 */
public record UtilsVersion(String utilsVersion, int utilsVersionCode, int kernelVersionCode, String kernelVersion,
        String buildTag, Integer apiVersion) {

    /** {@code 0x08040b} → {@code 8.4.11}. */
    public static String decode(int code) {
        return ((code >> 16) & 0xff) + "." + ((code >> 8) & 0xff) + "." + (code & 0xff);
    }

    public String kernelVersionFromCode() {
        return kernelVersionCode == 0 ? null : decode(kernelVersionCode);
    }
}
