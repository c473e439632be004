// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Answers prompts as a test says, and records what was asked. */
class TestPrompter implements Prompter {

    volatile boolean acceptHostKeys;
    volatile String password;
    volatile String passphrase;
    final List<Path> passphrasesAsked = new ArrayList<>();
    final List<HostKeyInfo> hostKeysShown = new ArrayList<>();
    final List<String> passwordPrompts = new ArrayList<>();

    TestPrompter(boolean acceptHostKeys, String password) {
        this.acceptHostKeys = acceptHostKeys;
        this.password = password;
    }

    @Override
    public synchronized boolean acceptUnknownHostKey(HostKeyInfo key) {
        hostKeysShown.add(key);
        return acceptHostKeys;
    }

    @Override
    public synchronized Optional<char[]> passphrase(Path keyFile) {
        passphrasesAsked.add(keyFile);
        return Optional.ofNullable(passphrase).map(String::toCharArray);
    }

    @Override
    public synchronized Optional<char[]> password(String userAtHost, String prompt) {
        passwordPrompts.add(userAtHost + " " + prompt);
        return Optional.ofNullable(password).map(String::toCharArray);
    }
}
