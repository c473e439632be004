// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.ssh.Prompter;
import java.io.Console;
import java.nio.file.Path;
import java.util.Optional;

/** Asks on the terminal; without one (scripts, CI) it accepts nothing, so keys and known hosts must be ready. */
final class ConsolePrompter implements Prompter {

    private final Console console;

    private ConsolePrompter(Console console) {
        this.console = console;
    }

    static Prompter forTerminal() {
        Console c = System.console();
        return c == null ? Prompter.NON_INTERACTIVE : new ConsolePrompter(c);
    }

    @Override
    public boolean acceptUnknownHostKey(HostKeyInfo key) {
        if (!key.firstContact()) { // as OpenSSH: never the plain first-use question
            console.printf("WARNING: %s offers a %s host key, which is not on file, but keys of other types are "
                    + "known for this host:%n", key.host(), key.keyType());
            key.otherKnown().forEach(k -> console.printf("  %s%n", k));
            console.printf("The host may have been reinstalled, or someone may be intercepting the connection. Check "
                    + "the key on the node itself before you accept it.%n");
        }
        String answer = console.readLine("The authenticity of host '%s' can't be established.%n%s key fingerprint is "
                + "%s.%nAccept it and add it to known_hosts (yes/no)? ", key.host(), key.keyType(), key.fingerprint());
        return answer != null && answer.strip().equalsIgnoreCase("yes");
    }

    @Override
    public Optional<char[]> passphrase(Path keyFile) {
        char[] p = console.readPassword("Passphrase for %s: ", keyFile);
        return p == null || p.length == 0 ? Optional.empty() : Optional.of(p);
    }

    @Override
    public Optional<char[]> password(String userAtHost, String prompt) {
        char[] p = console.readPassword("%s (%s): ", prompt.strip(), userAtHost);
        return p == null ? Optional.empty() : Optional.of(p);
    }
}
