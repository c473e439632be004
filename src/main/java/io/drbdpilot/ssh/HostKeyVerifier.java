// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSch's host key check, done the OpenSSH way against {@link KnownHosts}: a known key passes; an unknown key is shown
 * to the user (type and SHA256 fingerprint) and, once accepted, appended; a changed or revoked key is refused, with no
 * way to accept it here. One instance per connection attempt: it remembers why it refused.
 */
final class HostKeyVerifier implements HostKeyRepository {

    private static final Logger LOG = LoggerFactory.getLogger(HostKeyVerifier.class);

    private final KnownHosts knownHosts;
    private final Prompter prompter;
    private SshException refusal;

    HostKeyVerifier(KnownHosts knownHosts, Prompter prompter) {
        this.knownHosts = knownHosts;
        this.prompter = prompter;
    }

    /** Why the last check refused the key, if it did. */
    SshException refusal() {
        return refusal;
    }

    @Override
    public int check(String host, byte[] key) {
        String fp = KnownHosts.fingerprint(key);
        String type = KnownHosts.keyType(key);
        try {
            KnownHosts.Lookup l = knownHosts.check(host, key);
            switch (l.status()) {
                case KNOWN -> {
                    return OK;
                }
                case CHANGED -> {
                    String old = KnownHosts.fingerprint(Base64.getDecoder().decode(l.entry().keyBase64()));
                    refusal = new SshException.HostKeyChanged("The " + type + " host key of " + host + " has CHANGED. "
                            + "This can mean that someone is intercepting the connection, or that the host was "
                            + "reinstalled. Known key: " + old + "; offered key: " + fp + ". If the change is "
                            + "expected, remove line " + l.entry().lineNumber() + " of " + l.entry().file()
                            + " (or run: ssh-keygen -R '" + host + "' -f " + l.entry().file() + ") and connect again.",
                            old, fp);
                    LOG.warn("Host key changed for {}: known {} offered {}", host, old, fp);
                    prompter.hostKeyChanged(new Prompter.HostKeyChange(host, type, old, fp, l.entry().file(),
                            l.entry().lineNumber()));
                    return CHANGED;
                }
                case REVOKED -> {
                    refusal = new SshException.HostKeyRejected("The host key of " + host + " (" + fp + ") is marked "
                            + "@revoked in " + l.entry().where() + ".");
                    return CHANGED;
                }
                default -> {
                    List<String> other = new ArrayList<>();
                    if (l.status() == KnownHosts.Status.OTHER_TYPE) {
                        for (KnownHosts.Entry e : knownHosts.entriesFor(host)) {
                            other.add(e.keyType() + " " + KnownHosts.fingerprint(Base64.getDecoder().decode(
                                    e.keyBase64())) + " (" + e.where() + ")");
                        }
                        LOG.warn("{} offers a {} host key, but only keys of other types are known for it: {}", host,
                                type, other);
                    }
                    if (prompter.acceptUnknownHostKey(new Prompter.HostKeyInfo(host, type, fp, other))) {
                        knownHosts.append(host, key);
                        LOG.info("Accepted new host key for {}: {} {} (recorded in {}{})", host, type, fp,
                                knownHosts.file(), knownHosts.policy().hash() ? ", hashed" : "");
                        return OK;
                    }
                    refusal = new SshException.HostKeyRejected("The " + type + " host key of " + host + " (" + fp
                            + ") is not in " + knownHosts.file() + " and was not accepted. Check the fingerprint "
                            + "on the node (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and accept it.");
                    return NOT_INCLUDED;
                }
            }
        } catch (IOException e) {
            refusal = new SshException.HostKeyRejected("Cannot read or write the known_hosts files ("
                    + knownHosts.file() + "): " + e.getMessage());
            return NOT_INCLUDED;
        }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Accepted keys are appended in check(); JSch's own additions are not wanted.
    }

    @Override
    public void remove(String host, String type) {
        // Never remove keys on the user's behalf.
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // Never remove keys on the user's behalf.
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHosts.file().toString();
    }

    /**
     * The {@code @cert-authority} and {@code @revoked} lines: JSch checks a host certificate against them (a
     * certificate signed by a listed authority for a matching host pattern passes without a prompt).
     */
    @Override
    public HostKey[] getHostKey() {
        List<HostKey> out = new ArrayList<>();
        try {
            for (KnownHosts.Entry e : knownHosts.markedKeys()) {
                try {
                    out.add(new HostKey(e.marker(), e.hosts(), HostKey.GUESS, Base64.getDecoder().decode(
                            e.keyBase64()), null));
                } catch (JSchException | IllegalArgumentException ex) {
                    LOG.debug("Skipping {}: {}", e.where(), ex.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the known_hosts files: {}", e.getMessage());
        }
        return out.toArray(new HostKey[0]);
    }

    /** Lets JSch prefer the key types already known for the host, as OpenSSH does. */
    @Override
    public HostKey[] getHostKey(String host, String type) {
        List<HostKey> out = new ArrayList<>();
        try {
            for (KnownHosts.Entry e : knownHosts.entriesFor(host)) {
                if (type == null || type.equals(e.keyType())) {
                    try {
                        out.add(new HostKey(host, Base64.getDecoder().decode(e.keyBase64())));
                    } catch (JSchException | IllegalArgumentException ex) {
                        // a key type JSch does not know: not a preference it can use
                    }
                }
            }
        } catch (IOException e) {
            return new HostKey[0];
        }
        return out.toArray(new HostKey[0]);
    }
}
