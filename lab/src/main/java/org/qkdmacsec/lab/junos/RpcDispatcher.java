package org.qkdmacsec.lab.junos;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Routes one NETCONF {@code <rpc>} to its handler and wraps the answer in an {@code <rpc-reply>}. */
final class RpcDispatcher {
    static final String BASE_NS = "urn:ietf:params:xml:ns:netconf:base:1.0";

    /** What the session does next: send {@code reply} (unless null), then close or drop the SSH session. */
    record Outcome(String reply, boolean close, boolean drop) {
    }

    private final ConfigRpcs config;
    private final OperationalRpcs operational;
    private final JunosFaults faults;
    private final String junosNs;

    RpcDispatcher(JunosDevice device, JunosFaults faults, String version) {
        this.config = new ConfigRpcs(device, faults);
        this.operational = new OperationalRpcs(device, faults);
        this.faults = faults;
        this.junosNs = "http://xml.juniper.net/junos/" + version + "/junos";
    }

    Outcome handle(int sid, byte[] message) {
        Document doc;
        try {
            doc = Xml.parse(message);
        } catch (SAXException e) {
            return new Outcome(reply(null, RpcError.error("rpc", "malformed-message", "syntax error: message is not well-formed XML").toXml()), false, false);
        }
        Element rpc = doc.getDocumentElement();
        if (!Xml.name(rpc).equals("rpc")) {
            return new Outcome(reply(null, RpcError.error("rpc", "operation-failed", "syntax error, expecting <rpc>").bad(Xml.name(rpc)).toXml()), false, false);
        }
        Element op = Xml.children(rpc).isEmpty() ? null : Xml.children(rpc).get(0);
        if (op == null) {
            return new Outcome(reply(rpc, RpcError.error("rpc", "missing-element", "rpc has no operation").bad("rpc").toXml()), false, false);
        }
        String name = Xml.name(op);
        JunosFaults.DropPoint drop = faults.takeDrop(name);
        if (drop == JunosFaults.DropPoint.BEFORE_APPLY) {
            return new Outcome(null, false, true);
        }
        String body;
        try {
            body = dispatch(sid, name, op);
        } catch (RpcException e) {
            body = RpcError.toXml(e.errors());
        }
        if (drop == JunosFaults.DropPoint.AFTER_APPLY) {
            return new Outcome(null, false, true);
        }
        return new Outcome(reply(rpc, body), name.equals("close-session"), false);
    }

    private String dispatch(int sid, String name, Element op) throws RpcException {
        return switch (name) {
            case "get-configuration" -> config.getConfiguration(sid, op);
            case "get-config" -> config.getConfig(sid, op);
            case "load-configuration" -> config.loadConfiguration(sid, op);
            case "edit-config" -> config.editConfig(sid, op);
            case "commit-configuration" -> config.commitConfiguration(sid, op);
            case "commit" -> config.commit(sid, op);
            case "cancel-commit" -> config.cancelCommit();
            case "validate" -> config.validate(sid);
            case "discard-changes" -> config.discardChanges(sid);
            case "lock", "lock-configuration" -> config.lock(sid);
            case "unlock", "unlock-configuration" -> config.unlock(sid);
            case "open-configuration" -> config.openConfiguration(sid, op);
            case "close-configuration" -> config.closeConfiguration(sid);
            case "get-software-information" -> operational.softwareInformation();
            case "get-system-uptime-information" -> operational.uptimeInformation();
            case "get-ntp-status" -> operational.ntpStatus();
            case "get-mka-session-information" -> operational.mkaSessions(op);
            case "get-hakr-keychain-information" -> operational.keychains();
            case "close-session" -> "<ok/>\n";
            default -> throw new RpcException(RpcError.error("protocol", "operation-failed", "syntax error").bad(name));
        };
    }

    /** The reply envelope; it repeats the rpc's attributes (message-id and any others), as RFC 6241 requires. */
    private String reply(Element rpc, String body) {
        StringBuilder b = new StringBuilder("<rpc-reply xmlns=\"").append(BASE_NS).append("\" xmlns:junos=\"").append(junosNs).append('"');
        if (rpc != null) {
            var attrs = rpc.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Node a = attrs.item(i);
                String n = a.getNodeName();
                if (!n.equals("xmlns") && !n.equals("xmlns:junos")) {
                    b.append(' ').append(n).append("=\"").append(Xml.escape(a.getNodeValue())).append('"');
                }
            }
        }
        return b.append(">\n").append(body).append("</rpc-reply>").toString();
    }
}
