// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys offered to a node, in OpenSSH's order: the ssh-agent's first, then the key files. Read-only: unlike JSch's
 * own agent repository, it never adds a key file to the user's agent.
 */
final class Identities implements IdentityRepository {

    private static final Logger LOG = LoggerFactory.getLogger(Identities.class);

    private final List<Identity> identities;
    private final int agentCount;
    private final List<Path> files;

    private Identities(List<Identity> identities, int agentCount, List<Path> files) {
        this.identities = identities;
        this.agentCount = agentCount;
        this.files = files;
    }

    /** @param agentSocket the ssh-agent's socket, or null for no agent */
    static Identities load(List<Path> keyFiles, Path agentSocket) {
        List<Identity> ids = new ArrayList<>();
        int agent = 0;
        if (agentSocket != null) {
            try {
                AgentIdentityRepository repo = new AgentIdentityRepository(new SSHAgentConnector(agentSocket));
                Vector<Identity> fromAgent = repo.getIdentities();
                ids.addAll(fromAgent);
                agent = fromAgent.size();
            } catch (Exception | LinkageError e) {
                LOG.info("ssh-agent not usable ({}); using key files only", e.toString());
            }
        }
        List<Path> used = new ArrayList<>();
        JSch loader = new JSch();
        for (Path f : keyFiles) {
            if (!Files.isReadable(f)) {
                continue;
            }
            try {
                loader.addIdentity(f.toString()); // encrypted keys are decrypted later, with the prompter
                used.add(f);
            } catch (JSchException e) {
                LOG.warn("Key file {} cannot be used: {}", f, e.getMessage());
            }
        }
        try {
            ids.addAll(loader.getIdentityRepository().getIdentities());
        } catch (RuntimeException e) {
            LOG.warn("Key files could not be listed: {}", e.toString());
        }
        return new Identities(List.copyOf(ids), agent, List.copyOf(used));
    }

    /** For messages: "ssh-agent (2 keys), key files ~/.ssh/id_ed25519". */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("ssh-agent (" + agentCount + (agentCount == 1 ? " key)" : " keys)"));
        parts.add(files.isEmpty() ? "no key files" : "key files " + String.join(", ",
                files.stream().map(Path::toString).toList()));
        return String.join(", ", parts);
    }

    @Override
    public String getName() {
        return "drbd-pilot";
    }

    @Override
    public int getStatus() {
        return RUNNING;
    }

    @Override
    public Vector<Identity> getIdentities() {
        return new Vector<>(identities);
    }

    @Override
    public boolean add(byte[] identity) {
        return false;
    }

    @Override
    public boolean remove(byte[] blob) {
        return false;
    }

    @Override
    public void removeAll() {
        // read-only
    }
}
