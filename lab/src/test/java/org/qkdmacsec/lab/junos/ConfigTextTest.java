package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigTextTest {
    private static ConfigNode load(ConfigNode base, String configurationXml) throws Exception {
        var e = Xml.parse(configurationXml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        ConfigLoad.merge(base, ConfigLoad.prepare(e, JunosFixtures.ZURICH, new Random(1)));
        return base;
    }

    @Test
    void diffShowsAddedRemovedAndChangedStatementsUnderTheirHierarchy() throws Exception {
        ConfigNode old = load(new ConfigNode("configuration"), "<configuration><interfaces><interface><name>et-0/0/0</name>"
                + "<description>old</description></interface></interfaces><security><authentication-key-chains><key-chain>"
                + "<name>K</name><key><name>0</name><key-name>aa</key-name></key></key-chain></authentication-key-chains></security></configuration>");
        ConfigNode now = load(old.copy(), "<configuration><interfaces><interface><name>et-0/0/0</name>"
                + "<description>qkd key 42</description></interface></interfaces><security><authentication-key-chains><key-chain>"
                + "<name>K</name><key delete=\"delete\"><name>0</name></key><key><name>1</name><key-name>bb</key-name>"
                + "<start-time>2026-07-10.14:05</start-time></key></key-chain></authentication-key-chains></security></configuration>");
        assertEquals("""
                [edit interfaces interface et-0/0/0]
                -   description old;
                +   description "qkd key 42";
                [edit security authentication-key-chains key-chain K]
                -   key 0 {
                -       key-name aa;
                -   }
                +   key 1 {
                +       key-name bb;
                +       start-time "2026-07-10.14:05:00 +0200";
                +   }
                """, ConfigText.diff(old, now));
        assertEquals("", ConfigText.diff(now, now.copy()));
    }
}
