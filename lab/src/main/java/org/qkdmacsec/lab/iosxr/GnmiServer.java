package org.qkdmacsec.lab.iosxr;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The gNMI listener on 127.0.0.1 over TLS. It can be stopped and started again on the same port, which
 * is how a test makes gNMI unreachable (connection refused) so a client falls back to the CLI.
 */
final class GnmiServer implements AutoCloseable {
    private final BindableService service;
    private final GnmiAuth auth;
    private final ServerCredentials tls;
    private int port;
    private Server server;

    GnmiServer(BindableService service, GnmiAuth auth, ServerCredentials tls, int port) {
        this.service = service;
        this.auth = auth;
        this.tls = tls;
        this.port = port;
    }

    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), tls)
                .addService(ServerInterceptors.intercept(service, auth))
                .build()
                .start();
        port = server.getPort();
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    synchronized boolean running() {
        return server != null;
    }

    synchronized int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
