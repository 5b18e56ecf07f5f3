package org.qkdmacsec.lab.iosxr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * {@code Cisco-IOS-XR-crypto-macsec-mka-oper:macsec/mka/interfaces/interface[name]/session} as JSON_IETF,
 * with the leaves of the published model's {@code session-summary}, {@code vp} and {@code ca} list that
 * the simulator can fill. Paths served: {@code macsec/mka/interfaces}, {@code …/interface[name=X]} and
 * {@code …/interface[name=X]/session}; X may be the full or the short interface name.
 */
final class MkaOperJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> PREFIX = List.of("macsec", "mka", "interfaces");

    private MkaOperJson() {
    }

    /** The value at {@code path}; empty when the interface has no MKA session. */
    static Optional<JsonNode> get(GnmiPath path, XrDevice device) throws YangException {
        List<GnmiPath.Step> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) {
            String want = i < PREFIX.size() ? PREFIX.get(i) : i == 3 ? "interface" : "session";
            GnmiPath.Step s = steps.get(i);
            if (i > 4 || !s.name().equals(want) || s.module() != null && !s.module().equals(XrSchema.MKA_OPER_MODULE)
                    || (i != 3 && !s.keys().isEmpty())) {
                throw new YangException("unknown path element '" + s + "' in " + path + ": this router serves "
                        + XrSchema.MKA_OPER_MODULE + ":macsec/mka/interfaces/interface[name=…]/session");
            }
        }
        XrConfig cfg = device.store().committed();
        if (steps.size() < 3) {
            throw new YangException("path " + path + " is too broad: ask for macsec/mka/interfaces or below");
        }
        if (steps.size() == 3) {
            ArrayNode all = JSON.arrayNode();
            for (String n : device.interfaces().names()) {
                device.mka().session(cfg, n).ifPresent(s -> all.add(iface(s)));
            }
            ObjectNode out = JSON.objectNode();
            out.set("interface", all);
            return Optional.of(out);
        }
        GnmiPath.Step ifStep = steps.get(3);
        String name = ifStep.keys().get("name");
        if (ifStep.keys().size() != 1 || name == null) {
            throw new YangException("list 'interface' is keyed by 'name' in " + path);
        }
        Optional<String> full = device.interfaces().resolve(name);
        if (full.isEmpty()) {
            return Optional.empty();
        }
        Optional<MkaSessionState> s = device.mka().session(cfg, full.get());
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(steps.size() == 4 ? iface(s.get()) : session(s.get()));
    }

    private static ObjectNode iface(MkaSessionState s) {
        ObjectNode o = JSON.objectNode().put("name", s.iface());
        o.set("session", session(s));
        return o;
    }

    static ObjectNode session(MkaSessionState s) {
        ObjectNode session = JSON.objectNode();
        session.putObject("session-summary")
                .put("interface-name", XrInterfaces.shortName(s.iface()))
                .put("inherited-policy", false)
                .put("policy", s.binding().policy().orElse("*DEFAULT POLICY*"))
                .put("priority", s.keyServerPriority())
                .put("my-mac", s.mac())
                .put("delay-protection", false)
                .put("replay-protect", true)
                .put("window-size", 64)
                .put("include-icv-indicator", true)
                .put("confidentiality-offset", 0)
                .put("mka-cipher-suite", s.mkaCipherSuite())
                .put("configured-mac-sec-cipher-suite", "GCM-AES-XPN-256")
                .put("mac-sec-desired", true);
        session.putObject("vp")
                .put("my-sci", s.localSci())
                .put("virtual-port-id", 1)
                .put("ssci", 1);
        ArrayNode cas = session.putArray("ca");
        s.ckn().ifPresent(ckn -> {
            ObjectNode ca = cas.addObject()
                    .put("is-key-server", s.isKeyServer())
                    .put("status", s.status().code())
                    .put("num-live-peers", s.peer().isPresent() ? 1 : 0)
                    .put("first-ca", true)
                    .put("peer-sci", s.peer().map(MkaSessionState.Peer::sci).orElse(""))
                    .put("num-live-peers-responded", s.peer().isPresent() ? 1 : 0)
                    .put("ckn", ckn)
                    .put("my-mi", s.myMi())
                    .put("my-mn", s.myMn())
                    .put("authenticator", false)
                    .put("status-description", s.status().line())
                    .put("authentication-mode", "PRIMARY-PSK")
                    .put("key-chain", s.binding().keychain());
            ArrayNode live = ca.putArray("live-peer");
            s.peer().ifPresent(p -> live.addObject().put("mi", p.mi()).put("sci", p.sci()).put("mn", p.mn())
                    .put("priority", p.priority()).put("ssci", p.ssci()));
        });
        return session;
    }
}
