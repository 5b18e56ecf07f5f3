package org.qkdmacsec.lab.junos;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Configuration RPCs, Junos ({@code get-configuration}, {@code load-configuration},
 * {@code commit-configuration}, {@code open-configuration}, …) and standard NETCONF ({@code get-config},
 * {@code edit-config}, {@code commit}, {@code lock}, …), answered with Junos-shaped bodies.
 */
final class ConfigRpcs {
    private static final String XNM = "http://xml.juniper.net/xnm/1.1/xnm";
    private final JunosDevice device;
    private final JunosFaults faults;

    ConfigRpcs(JunosDevice device, JunosFaults faults) {
        this.device = device;
        this.faults = faults;
    }

    String getConfiguration(int sid, Element op) throws RpcException {
        String format = attrOr(op, "format", "xml");
        if ("rollback".equals(Xml.attr(op, "compare"))) {
            int n = parseInt(attrOr(op, "rollback", "0"), "rollback");
            return "<configuration-information>\n<configuration-output>\n" + Xml.escape(device.compare(sid, n))
                    + "</configuration-output>\n</configuration-information>\n";
        }
        String database = attrOr(op, "database", "candidate");
        if (!database.equals("candidate") && !database.equals("committed")) {
            throw new RpcException(invalid("database", "invalid database '" + database + "'"));
        }
        ConfigNode cfg = device.view(sid, database.equals("committed"));
        Element filter = Xml.child(op, "configuration");
        if (filter != null) {
            cfg = ConfigFilter.apply(cfg, filter);
        }
        return render(cfg, format, database.equals("committed"), null);
    }

    String getConfig(int sid, Element op) throws RpcException {
        Element source = Xml.child(op, "source");
        boolean running = source != null && Xml.has(source, "running");
        if (source == null || (!running && !Xml.has(source, "candidate"))) {
            throw new RpcException(invalid("source", "get-config supports source running or candidate"));
        }
        ConfigNode cfg = device.view(sid, running);
        Element filter = Xml.child(op, "filter");
        if (filter != null && Xml.child(filter, "configuration") != null) {
            cfg = ConfigFilter.apply(cfg, Xml.child(filter, "configuration"));
        }
        return "<data>\n" + render(cfg, "xml", running, XNM) + "</data>\n";
    }

    private String render(ConfigNode cfg, String format, boolean committedDb, String namespace) throws RpcException {
        JunosDevice.Snapshot snap = device.snapshot();
        if (format.equals("text")) {
            return "<configuration-text>\n" + Xml.escape("## Last commit: "
                    + JunosTime.dateTime(snap.committedAtLab().plus(device.skew()), snap.zone()) + " by " + snap.committedBy() + "\n"
                    + ConfigText.render(cfg)) + "</configuration-text>\n";
        }
        if (!format.equals("xml")) {
            throw new RpcException(invalid("format", "format '" + format + "' is not supported by this device"));
        }
        var when = snap.committedAtLab().plus(device.skew());
        String prefix = committedDb ? "commit" : "changed";
        StringBuilder b = new StringBuilder("<configuration");
        if (namespace != null) {
            b.append(" xmlns=\"").append(namespace).append('"');
        }
        b.append(" junos:").append(prefix).append("-seconds=\"").append(when.getEpochSecond()).append('"')
                .append(" junos:").append(prefix).append("-localtime=\"").append(Xml.escape(JunosTime.dateTime(when, snap.zone()))).append('"');
        if (committedDb) {
            b.append(" junos:commit-user=\"").append(Xml.escape(snap.committedBy())).append('"');
        }
        return b.append(">\n").append(cfg.childrenXml(1)).append("</configuration>\n").toString();
    }

    String loadConfiguration(int sid, Element op) throws RpcException {
        String action = attrOr(op, "action", "merge");
        String format = attrOr(op, "format", "xml");
        Element cfg = Xml.child(op, "configuration");
        if (!format.equals("xml") || cfg == null) {
            throw new RpcException(RpcError.error("protocol", "operation-not-supported",
                    "this device accepts load-configuration with format=\"xml\" and a <configuration> element").bad(format));
        }
        boolean override = switch (action) {
            case "merge", "replace" -> false;
            case "override", "update" -> true;
            default -> throw new RpcException(RpcError.error("protocol", "operation-not-supported",
                    "action '" + action + "' is not supported with format xml").bad("action"));
        };
        try {
            JunosFaults.LoadRefusal refusal = faults.takeLoadRefusal(keyChains(cfg).keySet());
            if (refusal != null) {
                // The rest of the request is loaded; the refused chain is not (see JunosFaults.refuseLoadOf).
                Element rest = (Element) cfg.cloneNode(true);
                Element refused = keyChains(rest).get(refusal.keyChain());
                refused.getParentNode().removeChild(refused);
                device.load(sid, rest, override);
                throw new RpcException(RpcError.error("application", "invalid-value", refusal.message())
                        .at("[edit security authentication-key-chains key-chain " + refusal.keyChain() + "]").bad("key-chain"));
            }
            List<RpcError> warnings = device.load(sid, cfg, override);
            return "<load-configuration-results>\n" + RpcError.toXml(warnings) + "<ok/>\n</load-configuration-results>\n";
        } catch (RpcException e) {
            return "<load-configuration-results>\n" + RpcError.toXml(e.errors())
                    + Xml.leaf("load-error-count", e.errors().stream().filter(RpcError::isError).count()) + "\n</load-configuration-results>\n";
        }
    }

    /** The {@code security authentication-key-chains key-chain} entries of a request, by name. */
    private static Map<String, Element> keyChains(Element configuration) {
        Map<String, Element> out = new LinkedHashMap<>();
        for (Element security : Xml.children(configuration)) {
            for (Element chains : Xml.name(security).equals("security") ? Xml.children(security) : List.<Element>of()) {
                for (Element chain : Xml.name(chains).equals("authentication-key-chains") ? Xml.children(chains) : List.<Element>of()) {
                    String name = Xml.childText(chain, "name");
                    if (Xml.name(chain).equals("key-chain") && name != null) {
                        out.putIfAbsent(name.trim(), chain);
                    }
                }
            }
        }
        return out;
    }

    String editConfig(int sid, Element op) throws RpcException {
        Element target = Xml.child(op, "target");
        if (target == null || !Xml.has(target, "candidate")) {
            throw new RpcException(RpcError.error("protocol", "operation-not-supported", "edit-config supports target candidate only").bad("target"));
        }
        Element config = Xml.child(op, "config");
        Element cfg = config == null ? null : Xml.child(config, "configuration");
        if (cfg == null) {
            throw new RpcException(RpcError.error("protocol", "missing-element", "edit-config needs <config><configuration>").bad("config"));
        }
        String defaultOp = Xml.childText(op, "default-operation");
        List<RpcError> warnings = device.load(sid, cfg, "replace".equals(defaultOp));
        return RpcError.toXml(warnings) + "<ok/>\n";
    }

    String commitConfiguration(int sid, Element op) throws RpcException {
        boolean check = Xml.has(op, "check");
        Duration confirm = null;
        if (Xml.has(op, "confirmed")) {
            String minutes = Xml.childText(op, "confirm-timeout");
            int m = minutes == null ? 10 : parseInt(minutes, "confirm-timeout");
            if (m < 1 || m > 65535) {
                return "<commit-results>\n" + invalid("confirm-timeout", "Value " + m + " is not within range (1..65535)").toXml() + "</commit-results>\n";
            }
            confirm = Duration.ofMinutes(m);
        }
        try {
            JunosDevice.CommitResult r = device.commit(sid, check, confirm);
            StringBuilder b = new StringBuilder("<commit-results>\n").append(RpcError.toXml(r.warnings()));
            if (r.privateMode() && !check) {
                b.append("<load-success/>\n");
            }
            b.append("<routing-engine junos:style=\"normal\">\n<name>re0</name>\n");
            b.append(check ? "<commit-check-success/>\n" : "<commit-success/>\n" + Xml.leaf("commit-revision", r.revision()) + "\n");
            return b.append("</routing-engine>\n</commit-results>\n").toString();
        } catch (RpcException e) {
            return "<commit-results>\n" + RpcError.toXml(e.errors()) + "</commit-results>\n";
        }
    }

    /** Standard NETCONF commit: confirm-timeout in seconds (default 600), reply ok. */
    String commit(int sid, Element op) throws RpcException {
        if (Xml.has(op, "persist") || Xml.has(op, "persist-id")) {
            throw new RpcException(RpcError.error("protocol", "operation-not-supported", "persistent confirmed commit is not supported").bad("persist"));
        }
        Duration confirm = null;
        if (Xml.has(op, "confirmed")) {
            String seconds = Xml.childText(op, "confirm-timeout");
            long s = seconds == null ? 600 : parseInt(seconds, "confirm-timeout");
            if (s < 1) {
                throw new RpcException(invalid("confirm-timeout", "confirm-timeout must be at least 1 second"));
            }
            confirm = Duration.ofSeconds(s);
        }
        List<RpcError> warnings = device.commit(sid, false, confirm).warnings();
        return RpcError.toXml(warnings) + "<ok/>\n";
    }

    String validate(int sid) throws RpcException {
        return RpcError.toXml(device.commit(sid, true, null).warnings()) + "<ok/>\n";
    }

    String cancelCommit() throws RpcException {
        device.cancelCommit();
        return "<ok/>\n";
    }

    String discardChanges(int sid) throws RpcException {
        device.discard(sid);
        return "<ok/>\n";
    }

    String lock(int sid) throws RpcException {
        device.lock(sid);
        return "<ok/>\n";
    }

    String unlock(int sid) throws RpcException {
        device.unlock(sid);
        return "<ok/>\n";
    }

    String openConfiguration(int sid, Element op) throws RpcException {
        if (!Xml.has(op, "private")) {
            throw new RpcException(RpcError.error("protocol", "operation-not-supported",
                    "open-configuration supports <private/> only").bad(Xml.children(op).isEmpty() ? "open-configuration" : Xml.name(Xml.children(op).get(0))));
        }
        return RpcError.toXml(device.openPrivate(sid));
    }

    String closeConfiguration(int sid) {
        device.closePrivate(sid);
        return "<ok/>\n";
    }

    private static String attrOr(Element e, String name, String dflt) {
        String v = Xml.attr(e, name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static int parseInt(String text, String element) throws RpcException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new RpcException(invalid(element, "invalid numeric value: '" + text + "'"));
        }
    }

    private static RpcError invalid(String element, String message) {
        return RpcError.error("application", "invalid-value", message).bad(element);
    }
}
