// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import com.jcraft.jsch.ChannelExec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running command's stdout, line by line, on its own reader thread ({@link NodeSession#stream}): lines over the
 * cap are skipped, a handler's failure does not end it, and its end says why (exited, cancelled, connection lost).
 */
final class SessionStream implements StreamHandle {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class); // the session's log, as before
    private final String node;
    private final ChannelExec ch;
    private final OutputStream stdin;
    private final Runnable lost;
    private final Runnable release;
    private final CompletableFuture<End> ended = new CompletableFuture<>();
    private volatile boolean cancelled;

    /**
     * @param lost    called when the stream ended because the connection went
     * @param release gives the stream's channel back to the session
     */
    SessionStream(String node, ChannelExec ch, OutputStream stdin, Runnable lost, Runnable release) {
        this.node = node;
        this.ch = ch;
        this.stdin = stdin;
        this.lost = lost;
        this.release = release;
    }

    void pump(InputStream in, Consumer<String> onLine, RemoteCommand command, BoundedOutput err) {
        try (in) {
            LineReader lines = new LineReader(in, BoundedOutput.LINE_CAP);
            String line;
            while ((line = lines.next()) != null) {
                if (lines.skipped()) {
                    LOG.warn("node={} argv={} sent a line longer than {} KiB; it was skipped", node,
                            command.argv(), BoundedOutput.LINE_CAP >> 10);
                    continue;
                }
                try {
                    onLine.accept(line);
                } catch (RuntimeException e) {
                    LOG.error("Line handler failed for {} on {}", command, node, e);
                }
            }
        } catch (IOException e) {
            LOG.debug("stream read ended: {}", e.toString());
        }
        ExecChannel.awaitClosed(ch, System.nanoTime() + Duration.ofSeconds(2).toNanos(), () -> false);
        End end;
        if (cancelled) {
            end = new End(End.Reason.CANCELLED, null, "cancelled");
        } else if (ch.isClosed() && ch.getExitStatus() >= 0) {
            end = new End(End.Reason.EXITED, ch.getExitStatus(), err.text().strip());
        } else {
            end = new End(End.Reason.CONNECTION_LOST, null, "the connection to " + node + " was lost");
            lost.run();
        }
        LOG.info("node={} argv={} stream ended: {}", node, command.argv(), end.reason());
        ch.disconnect();
        release.run();
        ended.complete(end);
    }

    @Override
    public void write(String text) throws IOException {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    @Override
    public void cancel() {
        cancelled = true;
        ch.disconnect();
    }

    @Override
    public CompletableFuture<End> ended() {
        return ended;
    }
}
