package org.qkdmacsec.lab.junos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.w3c.dom.Document;

/**
 * A deliberately plain NETCONF client for tests, with its own framing code (block reads and string
 * search, unlike the simulator's byte-wise reader) so that a framing bug in the simulator cannot be
 * cancelled by the same bug here.
 */
final class NetconfTestClient implements AutoCloseable {
    private static final String EOM = "]]>]]>";
    private static final Pattern CHUNK = Pattern.compile("\n#(\\d+)\n");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SshClient client;
    private final ClientSession session;
    private final ChannelSubsystem channel;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final AtomicInteger messageId = new AtomicInteger(100);
    final String serverHello;
    final boolean chunked;

    private NetconfTestClient(SshClient client, ClientSession session, ChannelSubsystem channel, boolean offer11) throws IOException {
        this.client = client;
        this.session = session;
        this.channel = channel;
        this.in = channel.getInvertedOut();
        this.out = channel.getInvertedIn();
        this.serverHello = readEom();
        String caps = "<capability>urn:ietf:params:netconf:base:1.0</capability>"
                + (offer11 ? "<capability>urn:ietf:params:netconf:base:1.1</capability>" : "");
        writeEom("<hello xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><capabilities>" + caps + "</capabilities></hello>");
        this.chunked = offer11 && serverHello.contains("urn:ietf:params:netconf:base:1.1");
    }

    static NetconfTestClient connect(JunosSimulator sim, String user, String password, boolean offer11) throws IOException {
        return connect(sim.host(), sim.port(), user, password, offer11, pinned(sim.hostPublicKey()));
    }

    static ServerKeyVerifier pinned(PublicKey expected) {
        return (s, remote, key) -> KeyUtils.compareKeys(expected, key);
    }

    static NetconfTestClient connect(String host, int port, String user, String password, boolean offer11,
                                     ServerKeyVerifier verifier) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        client.start();
        try {
            ClientSession session = client.connect(user, host, port).verify(TIMEOUT).getSession();
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
            ChannelSubsystem channel = session.createSubsystemChannel("netconf");
            channel.open().verify(TIMEOUT);
            return new NetconfTestClient(client, session, channel, offer11);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    /** Sends one rpc with a fresh message-id and returns the raw reply. */
    String rpcText(String operation) throws IOException {
        send("<rpc message-id=\"" + messageId.incrementAndGet() + "\" xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
                + operation + "</rpc>");
        String reply = receive();
        if (reply == null) {
            throw new IOException("session closed before the reply");
        }
        return reply;
    }

    Document rpc(String operation) throws IOException {
        return parse(rpcText(operation));
    }

    void send(String message) throws IOException {
        if (chunked) {
            byte[] b = message.getBytes(StandardCharsets.UTF_8);
            // two chunks when possible, to exercise reassembly on the server
            int half = b.length / 2;
            out.write(("\n#" + half + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, 0, half);
            out.write(("\n#" + (b.length - half) + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, half, b.length - half);
            out.write("\n##\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } else {
            writeEom(message);
        }
    }

    /** The next message, or null when the server closed the channel. */
    String receive() throws IOException {
        return chunked ? readChunked() : readEom();
    }

    private void writeEom(String message) throws IOException {
        out.write((message + EOM).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String readEom() throws IOException {
        while (true) {
            String buf = pending.toString(StandardCharsets.UTF_8);
            int at = buf.indexOf(EOM);
            if (at >= 0) {
                keep(buf.substring(at + EOM.length()));
                return buf.substring(0, at);
            }
            if (!fill()) {
                return null;
            }
        }
    }

    private String readChunked() throws IOException {
        StringBuilder msg = new StringBuilder();
        while (true) {
            String buf = pending.toString(StandardCharsets.ISO_8859_1);
            if (buf.startsWith("\n##\n")) {
                keep(buf.substring(4));
                return new String(msg.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            Matcher m = CHUNK.matcher(buf);
            if (m.lookingAt()) {
                int size = Integer.parseInt(m.group(1));
                if (buf.length() >= m.end() + size) {
                    msg.append(buf, m.end(), m.end() + size);
                    keep(buf.substring(m.end() + size));
                    continue;
                }
            } else if (buf.length() > 16) {
                throw new IOException("bad chunk header: " + buf.substring(0, 16));
            }
            if (!fill()) {
                return null;
            }
        }
    }

    private void keep(String rest) {
        byte[] b = rest.getBytes(chunked ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        pending.reset();
        pending.write(b, 0, b.length);
    }

    private boolean fill() throws IOException {
        byte[] b = new byte[4096];
        int n = in.read(b);
        if (n < 0) {
            return false;
        }
        pending.write(b, 0, n);
        return true;
    }

    boolean isOpen() {
        return channel.isOpen() && session.isOpen();
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("reply is not XML: " + xml, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close(true);
            session.close(true);
        } finally {
            client.stop();
        }
    }
}
