// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import com.jcraft.jsch.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Sockets with TCP_NODELAY and a connect timeout. SSH sends many small packets (channel open, exec request, window
 * adjust); with Nagle's algorithm each command waits for delayed ACKs, which cost tens of milliseconds per command.
 */
final class NoDelaySockets implements SocketFactory {

    private final int connectTimeoutMs;

    NoDelaySockets(int connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public InputStream getInputStream(Socket socket) throws IOException {
        return socket.getInputStream();
    }

    @Override
    public OutputStream getOutputStream(Socket socket) throws IOException {
        return socket.getOutputStream();
    }
}
