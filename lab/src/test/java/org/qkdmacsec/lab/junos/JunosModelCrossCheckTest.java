package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN1;
import static org.qkdmacsec.lab.junos.JunosFixtures.T;
import static org.qkdmacsec.lab.junos.JunosFixtures.connect;
import static org.qkdmacsec.lab.junos.JunosFixtures.device;
import static org.qkdmacsec.lab.junos.JunosFixtures.has;
import static org.qkdmacsec.lab.junos.JunosFixtures.key;
import static org.qkdmacsec.lab.junos.JunosFixtures.loadKeys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qkdmacsec.lab.models.JunosExtensionRules;
import org.qkdmacsec.lab.models.VendorModels;
import org.qkdmacsec.lab.models.VendorModels.Release;
import org.qkdmacsec.lab.time.ManualClock;
import org.w3c.dom.Document;

/**
 * The simulator's verdict on a {@code <load-configuration>} (load, then commit check) against Juniper's
 * models: yanglint on the 24.4R1 models plus the model's own {@code junos:posix-pattern} and
 * {@code junos:must} statements, which yanglint ignores ({@link JunosExtensionRules}). They must agree,
 * case by case; the one rule the simulator enforces that the model cannot state (a CAK's length per
 * cipher suite) is shown separately.
 */
@Timeout(120)
class JunosModelCrossCheckTest {

    private static String ca(String name, String body) {
        return "<load-configuration action=\"merge\" format=\"xml\"><configuration><security><macsec><connectivity-association>"
                + "<name>" + name + "</name>" + body + "</connectivity-association></macsec></security></configuration></load-configuration>";
    }

    private static String chain(String name) {
        return "<load-configuration action=\"merge\" format=\"xml\"><configuration><security><authentication-key-chains>"
                + "<key-chain><name>" + name + "</name>" + key(7, "d7".repeat(32), CAK1, "2026-07-10.15:00") + "</key-chain>"
                + "</authentication-key-chains></security></configuration></load-configuration>";
    }

    @Test
    void theSimulatorAcceptsWhatJunipersModelAcceptsAndRefusesWhatItRefuses() throws Exception {
        String good = "<cipher-suite>gcm-aes-xpn-256</cipher-suite><security-mode>static-cak</security-mode>"
                + "<pre-shared-key-chain>QKD_CA1</pre-shared-key-chain>";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("a new key", loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
        cases.put("key id 64", loadKeys(key(64, CKN1, CAK1, "2026-07-10.14:05")));
        cases.put("an odd-length CKN", loadKeys(key(1, "abc", CAK1, "2026-07-10.14:05")));
        cases.put("a CKN of 66 digits", loadKeys(key(1, "ab".repeat(33), CAK1, "2026-07-10.14:05")));
        cases.put("a CKN with a non-hex digit", loadKeys(key(1, "zz".repeat(32), CAK1, "2026-07-10.14:05")));
        cases.put("a key chain named with a space", chain("QKD CA2"));
        cases.put("a key chain name of 33 characters", chain("Q".repeat(33)));
        cases.put("a CA in static-cak mode with a key chain", ca("CA2", good));
        cases.put("a CA name of 33 characters", ca("C".repeat(33), good));
        cases.put("a key chain on a CA in dynamic mode", ca("CA2", good.replace("static-cak", "dynamic")));
        cases.put("a key chain on a CA without a security-mode", ca("CA2", good.replace("<security-mode>static-cak</security-mode>", "")));
        cases.put("a key chain beside a pre-shared-key", ca("CA2", good + "<pre-shared-key><ckn>" + "ab".repeat(32) + "</ckn><cak>"
                + CAK1 + "</cak></pre-shared-key>"));
        cases.put("an interface description", "<load-configuration action=\"merge\" format=\"xml\"><configuration><interfaces>"
                + "<interface><name>et-0/0/0</name><description>qkd key_ID 6f1c ckn c1c1</description></interface>"
                + "</interfaces></configuration></load-configuration>");

        VendorModels models = VendorModels.locate();
        JunosExtensionRules rules = JunosExtensionRules.read(models.models(Release.JUNOS_24_4R1));
        assertTrue(rules.size() >= 5, "patterns and musts read from the model: " + rules.size());
        List<String> disagreements = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        try (JunosSimulator sim = device("r1", new ManualClock(T)).start(); NetconfTestClient c = connect(sim)) {
            for (Map.Entry<String, String> e : cases.entrySet()) {
                boolean simulator = simulatorAccepts(c, e.getValue());
                VendorModels.Verdict yang = models.check(Release.JUNOS_24_4R1, e.getValue());
                List<String> broken = rules.violations(e.getValue());
                boolean model = yang.accepted() && broken.isEmpty();
                if (model != simulator) {
                    disagreements.add(e.getKey() + ": simulator " + (simulator ? "accepts" : "refuses") + ", model "
                            + (model ? "accepts" : "refuses (" + yang + "; " + broken + ")"));
                }
                if (simulator) {
                    accepted.add(e.getKey());
                }
            }
            // A CAK's length per cipher suite is not in the model (secret is 1..126 characters): IEEE
            // 802.1X-2010 and Juniper's "cak" page; the simulator's commit check refuses it, the model cannot.
            String shortCak = loadKeys(key(1, CKN1, CAK1.substring(0, 48), "2026-07-10.14:05"));
            assertTrue(models.check(Release.JUNOS_24_4R1, shortCak).accepted());
            assertEquals(false, simulatorAccepts(c, shortCak));
        }
        assertEquals(List.of(), disagreements);
        assertEquals(List.of("a new key", "a CA in static-cak mode with a key chain", "an interface description"), accepted);
    }

    /** Lock, load, commit check, then discard and unlock: the simulator's verdict without changing it. */
    private static boolean simulatorAccepts(NetconfTestClient c, String load) throws Exception {
        c.rpc("<lock-configuration/>");
        try {
            Document l = c.rpc(load);
            if (!JunosFixtures.errors(l, "error").isEmpty()) {
                return false;
            }
            Document check = c.rpc("<commit-configuration><check/></commit-configuration>");
            return has(check, "commit-check-success");
        } finally {
            c.rpc("<discard-changes/>");
            c.rpc("<unlock-configuration/>");
        }
    }
}
