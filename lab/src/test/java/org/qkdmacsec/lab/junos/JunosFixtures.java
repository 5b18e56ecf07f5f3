package org.qkdmacsec.lab.junos;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.qkdmacsec.lab.time.ManualClock;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Shared test data: a device with one MACsec interface bound to a key chain with key 0. */
final class JunosFixtures {
    /** Lab time 12:00:00Z = 14:00:00 CEST in Zurich. */
    static final Instant T = Instant.parse("2026-07-10T12:00:00Z");
    static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    static final String USER = "lab";
    static final String PASSWORD = "lab-pass-1";
    static final String CKN0 = "c0".repeat(32);
    static final String CAK0 = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String CKN1 = "c1".repeat(32);
    static final String CAK1 = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    static final String CKN2 = "c2".repeat(32);
    static final String CAK2 = "5566778899aabbccddeeff00112233445566778899aabbccddeeff0011223344";

    private JunosFixtures() {
    }

    static String initialConfiguration() {
        return "<configuration>"
                + "<interfaces><interface><name>et-0/0/0</name><description>to peer</description></interface></interfaces>"
                + "<security><authentication-key-chains><key-chain><name>QKD_CA1</name>"
                + key(0, CKN0, CAK0, "2026-01-01.00:00:00")
                + "</key-chain></authentication-key-chains>"
                + "<macsec><connectivity-association><name>CA1</name><cipher-suite>gcm-aes-xpn-256</cipher-suite>"
                + "<security-mode>static-cak</security-mode><pre-shared-key-chain>QKD_CA1</pre-shared-key-chain></connectivity-association>"
                + "<interfaces><name>et-0/0/0</name><connectivity-association>CA1</connectivity-association></interfaces>"
                + "</macsec></security></configuration>";
    }

    static String key(int id, String ckn, String cak, String start) {
        return "<key><name>" + id + "</name><secret>" + cak + "</secret><key-name>" + ckn + "</key-name>"
                + (start == null ? "" : "<start-time>" + start + "</start-time>") + "</key>";
    }

    /** A load-configuration merging key elements into key chain QKD_CA1. */
    static String loadKeys(String... keys) {
        return "<load-configuration action=\"merge\" format=\"xml\"><configuration><security><authentication-key-chains>"
                + "<key-chain><name>QKD_CA1</name>" + String.join("", keys) + "</key-chain>"
                + "</authentication-key-chains></security></configuration></load-configuration>";
    }

    static JunosSimulator.Builder device(String name, ManualClock clock) {
        return JunosSimulator.builder().hostName(name).user(USER, PASSWORD).clock(clock).timeZone(ZURICH)
                .initialConfiguration(initialConfiguration());
    }

    static NetconfTestClient connect(JunosSimulator sim) throws IOException {
        return NetconfTestClient.connect(sim, USER, PASSWORD, true);
    }

    /** Text of every element with this local name, in document order. */
    static List<String> all(Document d, String localName) {
        NodeList nl = d.getElementsByTagNameNS("*", localName);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add(nl.item(i).getTextContent().trim());
        }
        return out;
    }

    static String one(Document d, String localName) {
        List<String> all = all(d, localName);
        if (all.size() != 1) {
            throw new AssertionError("expected one <" + localName + ">, got " + all);
        }
        return all.get(0);
    }

    static boolean has(Document d, String localName) {
        return d.getElementsByTagNameNS("*", localName).getLength() > 0;
    }

    /** Error messages of rpc-errors with this severity. */
    static List<String> errors(Document d, String severity) {
        NodeList nl = d.getElementsByTagNameNS("*", "rpc-error");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            Element e = (Element) nl.item(i);
            if (severity.equals(childText(e, "error-severity"))) {
                out.add(childText(e, "error-message"));
            }
        }
        return out;
    }

    static String childText(Element e, String localName) {
        NodeList nl = e.getElementsByTagNameNS("*", localName);
        return nl.getLength() == 0 ? null : nl.item(0).getTextContent().trim();
    }

    static Element firstError(Document d) {
        return (Element) d.getElementsByTagNameNS("*", "rpc-error").item(0);
    }
}
