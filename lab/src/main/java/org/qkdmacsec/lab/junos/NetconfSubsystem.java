package org.qkdmacsec.lab.junos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The SSH subsystem "netconf" of one session: hello exchange (always end-of-message framed), framing
 * chosen from both hellos, then one RPC at a time. Logs RPC names only, never payloads.
 */
final class NetconfSubsystem implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(NetconfSubsystem.class);
    static final String BASE10 = "urn:ietf:params:netconf:base:1.0";
    static final String BASE11 = "urn:ietf:params:netconf:base:1.1";

    private final JunosDevice device;
    private final RpcDispatcher dispatcher;
    private final boolean advertiseBase11;
    private final ExecutorService threads;
    private final AtomicBoolean ended = new AtomicBoolean();
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private ChannelSession channel;
    private int sessionId;

    NetconfSubsystem(JunosDevice device, RpcDispatcher dispatcher, boolean advertiseBase11, ExecutorService threads) {
        this.device = device;
        this.dispatcher = dispatcher;
        this.advertiseBase11 = advertiseBase11;
        this.threads = threads;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // NETCONF uses stdout only
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        this.channel = channel;
        String user = channel.getSession().getUsername();
        sessionId = device.openSession(user);
        LOG.debug("netconf session {} opened for user {}", sessionId, user);
        threads.submit(this::serve);
    }

    @Override
    public void destroy(ChannelSession channel) {
        end();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            device.closeSession(sessionId);
            LOG.debug("netconf session {} closed", sessionId);
        }
    }

    private void serve() {
        NetconfFraming framing = new NetconfFraming(in, out);
        int status = 0;
        try {
            framing.write(hello());
            byte[] clientHello = framing.read();
            if (clientHello == null) {
                return;
            }
            if (!acceptHello(clientHello, framing)) {
                status = 1;
                return;
            }
            for (byte[] msg = framing.read(); msg != null; msg = framing.read()) {
                RpcDispatcher.Outcome o = dispatcher.handle(sessionId, msg);
                if (o.drop()) {
                    LOG.info("netconf session {}: fault injection drops the SSH session", sessionId);
                    end();
                    channel.getSession().close(true);
                    return;
                }
                framing.write(o.reply());
                if (o.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("netconf session {} ended: {}", sessionId, e.getMessage());
            status = 1;
        } catch (RuntimeException e) {
            LOG.warn("netconf session {} failed: {}", sessionId, e.toString());
            status = 1;
        } finally {
            end();
            if (exit != null && channel.isOpen()) {
                exit.onExit(status);
            }
        }
    }

    private String hello() {
        List<String> caps = new ArrayList<>(List.of(BASE10));
        if (advertiseBase11) {
            caps.add(BASE11);
        }
        caps.addAll(List.of("urn:ietf:params:netconf:capability:candidate:1.0",
                "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
                "urn:ietf:params:netconf:capability:validate:1.0",
                "urn:ietf:params:xml:ns:netconf:base:1.0",
                "urn:ietf:params:xml:ns:netconf:capability:candidate:1.0",
                "urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0",
                "http://xml.juniper.net/netconf/junos/1.0",
                "http://xml.juniper.net/dmi/system/1.0"));
        StringBuilder b = new StringBuilder("<!-- No zombies were killed during the creation of this user interface -->\n")
                .append("<!-- user ").append(Xml.escape(channel.getSession().getUsername()).replace("--", "- -")).append(", class super-user -->\n")
                .append("<hello xmlns=\"").append(RpcDispatcher.BASE_NS).append("\">\n<capabilities>\n");
        caps.forEach(c -> b.append(Xml.leaf("capability", c)).append('\n'));
        return b.append("</capabilities>\n").append(Xml.leaf("session-id", sessionId)).append("\n</hello>").toString();
    }

    /** Reads the client's capabilities; picks chunked framing when both ends speak base:1.1. */
    private boolean acceptHello(byte[] msg, NetconfFraming framing) {
        try {
            Element hello = Xml.parse(msg).getDocumentElement();
            Element caps = Xml.child(hello, "capabilities");
            if (!Xml.name(hello).equals("hello") || caps == null || Xml.has(hello, "session-id")) {
                LOG.info("netconf session {}: bad client hello, closing", sessionId);
                return false;
            }
            List<String> offered = Xml.children(caps).stream().map(c -> c.getTextContent().trim()).toList();
            if (advertiseBase11 && offered.contains(BASE11)) {
                framing.useChunked();
            } else if (!offered.contains(BASE10)) {
                LOG.info("netconf session {}: client shares no base capability, closing", sessionId);
                return false;
            }
            return true;
        } catch (SAXException e) {
            LOG.info("netconf session {}: client hello is not XML, closing", sessionId);
            return false;
        }
    }
}
