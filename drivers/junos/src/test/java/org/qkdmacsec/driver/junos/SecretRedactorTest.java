package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    private static String redact(String s) {
        return new String(SecretRedactor.redact(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void blanksSecretAndCakElementsInAnyPrefixOrWithAttributes() {
        assertEquals("<key><name>1</name><secret>[redacted]</secret><key-name>ab</key-name></key>",
                redact("<key><name>1</name><secret>00112233445566778899AABBCCDDEEFF</secret><key-name>ab</key-name></key>"));
        assertEquals("<j:secret junos:x=\"1\">[redacted]</j:secret>", redact("<j:secret junos:x=\"1\">$9$abc</j:secret>"));
        assertEquals("<cak>[redacted]</cak><ckn>ab</ckn>", redact("<cak>$9$q</cak><ckn>ab</ckn>"));
    }

    @Test
    void leavesLookalikesAndEmptyElementsAlone() {
        String s = "<secret-name>x</secret-name><secret/><secrets>y</secrets><key-name>secret</key-name>";
        assertEquals(s, redact(s));
    }

    @Test
    void blanksQuotedValuesInCompareAndSetText() {
        assertEquals("+      secret \"[redacted]\"; ## SECRET-DATA\n+      key-name ab;",
                redact("+      secret \"$9$Ab.c/XyZ\"; ## SECRET-DATA\n+      key-name ab;"));
        assertEquals("set ... key 2 secret &quot;[redacted]&quot;", redact("set ... key 2 secret &quot;0123abcd&quot;"));
        assertEquals("pre-shared-key cak \"[redacted]\"", redact("pre-shared-key cak \"$9$zz\""));
    }

    @Test
    void unterminatedSecretIsBlankedToTheEnd() {
        assertEquals("<secret>[redacted]", redact("<secret>0011223344"));
    }
}
