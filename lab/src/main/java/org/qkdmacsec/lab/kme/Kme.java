package org.qkdmacsec.lab.kme;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.qkdmacsec.lab.pki.ServerTls;

/**
 * One simulated KME of a {@link KmeNetwork}: where it listens and the faults armed on it.
 *
 * <p>Served by the JDK's own {@code com.sun.net.httpserver} (HttpsServer for mutual TLS): it ships and
 * is patched with every JDK, adds no dependency to the lab, speaks the HTTP/1.1 that ETSI 014 clients
 * use, exposes the client's SSLSession for the CN, and lets a handler close a connection without any
 * response, which the dropped-connection fault needs. Jetty would add weight and nothing we use.
 */
public final class Kme {
    static final String LOOPBACK = "127.0.0.1";

    private final String id;
    private final KmeSpec spec;
    private final Faults faults = new Faults();
    private final Quirks quirks;
    private final RequestCounts requests = new RequestCounts();
    private HttpServer server;
    private ExecutorService executor;
    private KmeHttpHandler handler;
    private java.util.function.Supplier<ServerTls> tlsFactory;

    Kme(String id, KmeSpec spec) {
        this.id = id;
        this.spec = spec;
        this.quirks = new Quirks(spec.quirks());
        this.quirks.onCertificateChange(this::restartOnSamePort);
    }

    public String id() {
        return id;
    }

    public KmeMode mode() {
        return spec.mode();
    }

    public KmeSpec spec() {
        return spec;
    }

    /** The faults armed on this KME; change them at any time. */
    public Faults faults() {
        return faults;
    }

    /** The deviations this KME shows now ({@link KmeQuirk}); change them at any time. */
    public Quirks quirks() {
        return quirks;
    }

    /** How many requests reached this KME (counted when their headers were read, whatever followed). */
    public RequestCounts requests() {
        return requests;
    }

    /** The bound port (the real one when the spec asked for 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("KME '" + id + "' is not running");
        }
        return server.getAddress().getPort();
    }

    /** {@code https://127.0.0.1:PORT} (or {@code http://} for insecure and quPSKd modes). */
    public URI uri() {
        return URI.create((spec.mode() == KmeMode.MTLS ? "https" : "http") + "://" + LOOPBACK + ":" + port());
    }

    /** The ETSI base: {@code uri()} + {@code /api/v1/keys/}; calls append {@code {SAE_ID}/enc_keys} etc. */
    public URI apiUri() {
        return uri().resolve(Route.PREFIX);
    }

    /** @param tls a fresh TLS set-up per start (null for plain HTTP): a restarted KME resumes no old TLS session */
    synchronized void start(KmeHttpHandler handler, java.util.function.Supplier<ServerTls> tls) {
        start(handler, tls, spec.port());
    }

    /**
     * A certificate change takes effect as on a real KME, by a restart: every open connection drops (clients
     * holding a TLS session from before must handshake again), and the KME listens again on the same port.
     */
    synchronized void restartOnSamePort() {
        if (server == null) {
            return;
        }
        int port = port();
        KmeHttpHandler h = handler;
        java.util.function.Supplier<ServerTls> t = tlsFactory;
        stop();
        start(h, t, port);
    }

    private void start(KmeHttpHandler handler, java.util.function.Supplier<ServerTls> tlsFactory, int port) {
        if (server != null) {
            throw new IllegalStateException("KME '" + id + "' is already running");
        }
        this.handler = handler;
        this.tlsFactory = tlsFactory;
        ServerTls tls = tlsFactory == null ? null : tlsFactory.get();
        InetSocketAddress address = new InetSocketAddress(loopback(), port);
        HttpServer s;
        try {
            s = tls == null ? HttpServer.create(address, 0) : HttpsServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("KME '" + id + "' cannot listen on " + LOOPBACK + ":" + port
                    + ": " + e.getMessage(), e);
        }
        if (tls != null) {
            ((HttpsServer) s).setHttpsConfigurator(new HttpsConfigurator(tls.context()) {
                @Override
                public void configure(HttpsParameters params) {
                    params.setSSLParameters(tls.parameters());
                }
            });
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kme-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.createContext("/", handler);
        s.setExecutor(executor);
        s.start();
        server = s;
    }

    public synchronized boolean running() {
        return server != null;
    }

    /**
     * Stops this KME alone: its port then refuses connections. {@link KmeNetwork#start()} starts it
     * again (on a new port if its spec asked for 0); its key stores are the network's and survive.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow(); // interrupts requests sleeping in a latency fault
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        executor = null;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(LOOPBACK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Kme[" + id + ", " + spec.mode() + "]";
    }
}
