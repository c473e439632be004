// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges JSch's questions to the {@link Prompter}, and records which methods were tried for the error message.
 * JSch wants secrets as Strings; they live only as long as the login and are never logged.
 */
final class PromptingUserInfo implements UserInfo, UIKeyboardInteractive {

    private static final Logger LOG = LoggerFactory.getLogger(PromptingUserInfo.class);

    private final Prompter prompter;
    private final String userAtHost;
    private final Set<String> tried = new LinkedHashSet<>();
    private String passphrase;
    private String password;

    PromptingUserInfo(Prompter prompter, String userAtHost) {
        this.prompter = prompter;
        this.userAtHost = userAtHost;
    }

    Set<String> tried() {
        return tried;
    }

    @Override
    public String getPassphrase() {
        return passphrase;
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public boolean promptPassphrase(String message) {
        String file = message.replaceFirst("^Passphrase for ", "").strip();
        Optional<char[]> p = prompter.passphrase(Path.of(file));
        tried.add("passphrase for " + file + (p.isPresent() ? "" : " (declined)"));
        passphrase = p.map(String::new).orElse(null);
        p.ifPresent(c -> Arrays.fill(c, '\0'));
        return passphrase != null;
    }

    @Override
    public boolean promptPassword(String message) {
        Optional<char[]> p = prompter.password(userAtHost, message);
        tried.add("password" + (p.isPresent() ? "" : " (declined)"));
        password = p.map(String::new).orElse(null);
        p.ifPresent(c -> Arrays.fill(c, '\0'));
        return password != null;
    }

    @Override
    public boolean promptYesNo(String message) {
        return false; // host keys are decided by HostKeyVerifier, never by a yes/no from JSch
    }

    @Override
    public void showMessage(String message) {
        LOG.info("Message from {}: {}", userAtHost, message);
    }

    @Override
    public String[] promptKeyboardInteractive(String destination, String name, String instruction, String[] prompt,
            boolean[] echo) {
        String[] answers = new String[prompt.length];
        for (int i = 0; i < prompt.length; i++) {
            Optional<char[]> a = prompter.password(userAtHost, prompt[i]);
            if (a.isEmpty()) {
                tried.add("keyboard-interactive (declined)");
                return null;
            }
            answers[i] = new String(a.get());
            Arrays.fill(a.get(), '\0');
        }
        tried.add("keyboard-interactive");
        return answers;
    }

    void forgetSecrets() {
        passphrase = null;
        password = null;
    }
}
