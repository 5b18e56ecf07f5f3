package org.qkdmacsec.driver.junos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * One NETCONF session on the SSH subsystem {@code netconf}: hello and capability exchange, framing
 * chosen from the hellos, {@code message-id} correlation by a reader thread, a per-RPC timeout, and a
 * clear {@link Kind#SESSION_LOST} for every request in flight when the channel ends.
 *
 * <p>Everything received passes through {@link SecretRedactor} before it is parsed or logged; the
 * raw bytes are wiped. Everything sent is logged (at DEBUG, logger
 * {@code org.qkdmacsec.driver.junos.trace}) only in redacted form.
 */
final class NetconfSession implements AutoCloseable {
    static final String BASE_NS = "urn:ietf:params:xml:ns:netconf:base:1.0";
    static final String BASE_10 = "urn:ietf:params:netconf:base:1.0";
    static final String BASE_11 = "urn:ietf:params:netconf:base:1.1";

    private static final Logger LOG = LoggerFactory.getLogger(NetconfSession.class);
    private static final Logger TRACE = LoggerFactory.getLogger("org.qkdmacsec.driver.junos.trace");

    private final String device;
    private final ChannelSubsystem channel;
    private final OutputStream out;
    private final FrameReader reader;
    private final boolean offer11;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<String, CompletableFuture<RpcReply>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Hello> hello = new CompletableFuture<>();
    private final Object writeLock = new Object();
    private volatile Framing framing = Framing.END_OF_MESSAGE;
    private volatile String closedBecause;

    /** What the device said in its hello. */
    record Hello(String sessionId, Set<String> capabilities, Framing framing) { }

    private NetconfSession(String device, ChannelSubsystem channel, boolean offer11) {
        this.device = device;
        this.channel = channel;
        this.out = channel.getInvertedIn();
        this.reader = new FrameReader(channel.getInvertedOut());
        this.offer11 = offer11;
    }

    /**
     * Opens the {@code netconf} subsystem on an authenticated SSH session and exchanges hellos.
     *
     * @param offer11 advertise base:1.1 (chunked framing); false limits the session to base:1.0
     */
    static NetconfSession open(ClientSession ssh, String device, Duration timeout, boolean offer11) {
        ChannelSubsystem ch;
        try {
            ch = ssh.createSubsystemChannel("netconf");
            ch.open().verify(timeout);
        } catch (IOException e) {
            throw new DriverException(Kind.CONNECT, device, "cannot open the SSH subsystem 'netconf': " + describe(e)
                    + " (on the device: set system services netconf ssh)", e);
        }
        NetconfSession s = new NetconfSession(device, ch, offer11);
        try {
            // Our hello goes out in base:1.0 framing before the reader can switch to chunked.
            s.send(s.clientHello());
            Thread t = new Thread(s::readLoop, "netconf-reader-" + device);
            t.setDaemon(true);
            t.start();
            Hello h = s.hello.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("{}: NETCONF session {} up, framing {}", device, h.sessionId(), h.framing());
            return s;
        } catch (TimeoutException e) {
            s.abandon();
            throw new DriverException(Kind.TIMEOUT, device, "no NETCONF hello from the device within " + timeout);
        } catch (ExecutionException e) {
            s.abandon();
            throw e.getCause() instanceof DriverException de ? de
                    : new DriverException(Kind.PROTOCOL, device, "NETCONF hello failed: " + describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.abandon();
            throw new DriverException(Kind.TIMEOUT, device, "interrupted while waiting for the NETCONF hello");
        } catch (DriverException e) {
            s.abandon();
            throw e;
        }
    }

    Hello hello() {
        return hello.getNow(null);
    }

    Framing framing() {
        return framing;
    }

    boolean isOpen() {
        return closedBecause == null;
    }

    /**
     * Sends {@code <rpc message-id="N">body</rpc>} and waits for the matching reply. The caller owns
     * {@code body} and may wipe it when this returns; the framed copy made here is wiped after
     * sending.
     *
     * @param operation short name for messages ({@code commit-configuration})
     * @throws DriverException TIMEOUT when no reply comes within {@code timeout}, SESSION_LOST when the
     *                         session ends first, PROTOCOL when the reply does not parse
     */
    RpcReply rpc(String operation, byte[] body, Duration timeout) {
        String id = Long.toString(nextId.getAndIncrement());
        CompletableFuture<RpcReply> f = new CompletableFuture<>();
        pending.put(id, f);
        if (closedBecause != null) {
            pending.remove(id);
            throw new DriverException(Kind.SESSION_LOST, device, operation + " not sent: the NETCONF session is closed ("
                    + closedBecause + ")");
        }
        try (WipeableBuffer msg = new WipeableBuffer(body.length + 128)) {
            msg.append("<rpc xmlns=\"" + BASE_NS + "\" message-id=\"" + id + "\">").append(body).append("</rpc>");
            byte[] wire = msg.toByteArray();
            try {
                send(wire);
            } finally {
                Arrays.fill(wire, (byte) 0);
            }
        } catch (DriverException e) {
            pending.remove(id);
            throw e;
        }
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.remove(id);
            throw new DriverException(Kind.TIMEOUT, device, "no reply to " + operation + " within " + timeout
                    + " (NETCONF message-id " + id + ")");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof DriverException de) {
                throw new DriverException(de.kind(), device, operation + " (message-id " + id + "): "
                        + de.getMessage().substring(device.length() + 2), de);
            }
            throw new DriverException(Kind.PROTOCOL, device, operation + " failed: " + describe(c), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(id);
            throw new DriverException(Kind.TIMEOUT, device, "interrupted while waiting for the reply to " + operation);
        }
    }

    /** Sends {@code <close-session/>} (best effort, bounded by {@code timeout}) and closes the channel. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    void close(Duration timeout) {
        if (closedBecause == null) {
            try {
                rpc("close-session", "<close-session/>".getBytes(StandardCharsets.US_ASCII), timeout);
            } catch (DriverException e) {
                LOG.debug("{}: close-session: {}", device, e.getMessage());
            }
        }
        abandon();
    }

    private void abandon() {
        fail(Kind.SESSION_LOST, "closed by the driver");
        channel.close(true);
    }

    private byte[] clientHello() {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><hello xmlns=\"" + BASE_NS + "\"><capabilities>"
                + "<capability>" + BASE_10 + "</capability>"
                + (offer11 ? "<capability>" + BASE_11 + "</capability>" : "")
                + "</capabilities></hello>").getBytes(StandardCharsets.UTF_8);
    }

    private void send(byte[] message) {
        if (TRACE.isDebugEnabled()) {
            TRACE.debug("{} >>> {}", device, new String(SecretRedactor.redact(message), StandardCharsets.UTF_8));
        }
        synchronized (writeLock) {
            try {
                framing.write(out, message);
            } catch (IOException e) {
                fail(Kind.SESSION_LOST, "write failed: " + describe(e));
                throw new DriverException(Kind.SESSION_LOST, device, "NETCONF session lost while sending: " + describe(e), e);
            }
        }
    }

    private void readLoop() {
        try {
            while (closedBecause == null) {
                byte[] raw = reader.next();
                if (raw == null) {
                    fail(Kind.SESSION_LOST, "the device closed the NETCONF session");
                    return;
                }
                byte[] clean;
                try {
                    clean = SecretRedactor.redact(raw);
                } finally {
                    Arrays.fill(raw, (byte) 0);
                }
                if (TRACE.isDebugEnabled()) {
                    TRACE.debug("{} <<< {}", device, new String(clean, StandardCharsets.UTF_8));
                }
                dispatch(clean);
            }
        } catch (FrameReader.FramingException e) {
            fail(Kind.PROTOCOL, e.getMessage());
            channel.close(true);
        } catch (IOException | RuntimeException e) {
            fail(Kind.SESSION_LOST, "the NETCONF session ended: " + describe(e));
        }
    }

    private void dispatch(byte[] xml) {
        Element root;
        try {
            root = SecureXml.parse(xml).getDocumentElement();
        } catch (SAXException e) {
            fail(Kind.PROTOCOL, "the device sent a message that is not well-formed XML: " + e.getMessage());
            channel.close(true);
            return;
        }
        switch (root.getLocalName()) {
            case "hello" -> onHello(root);
            case "rpc-reply" -> {
                String id = root.getAttribute("message-id");
                CompletableFuture<RpcReply> f = pending.remove(id);
                if (f == null) {
                    LOG.warn("{}: dropping NETCONF reply with message-id '{}' that nothing waits for (late after a timeout?)",
                            device, id);
                } else {
                    f.complete(RpcReply.of(id, root));
                }
            }
            case "notification" -> LOG.debug("{}: ignoring NETCONF notification", device);
            default -> LOG.warn("{}: ignoring unexpected NETCONF message <{}>", device, root.getLocalName());
        }
    }

    private void onHello(Element root) {
        if (hello.isDone()) {
            fail(Kind.PROTOCOL, "the device sent a second <hello>");
            return;
        }
        Set<String> caps = new LinkedHashSet<>();
        SecureXml.descendants(root, "capability").forEach(c -> caps.add(c.getTextContent().trim()));
        String sessionId = SecureXml.childText(root, "session-id").orElse("");
        if (!caps.contains(BASE_10) && !caps.contains(BASE_11)) {
            fail(Kind.PROTOCOL, "the device's hello advertises neither " + BASE_10 + " nor " + BASE_11);
            return;
        }
        if (sessionId.isEmpty()) {
            fail(Kind.PROTOCOL, "the device's hello has no session-id");
            return;
        }
        // RFC 6242 §4.1: chunked framing once both ends advertise base:1.1, for everything after the hellos.
        Framing f = offer11 && caps.contains(BASE_11) ? Framing.CHUNKED : Framing.END_OF_MESSAGE;
        reader.framing(f);
        synchronized (writeLock) {
            framing = f;
        }
        hello.complete(new Hello(sessionId, Set.copyOf(caps), f));
    }

    private void fail(Kind kind, String why) {
        if (closedBecause == null) {
            closedBecause = why;
            LOG.debug("{}: NETCONF session over: {}", device, why);
        }
        DriverException e = new DriverException(kind, device, why);
        hello.completeExceptionally(e);
        pending.values().forEach(p -> p.completeExceptionally(e));
        pending.clear();
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
