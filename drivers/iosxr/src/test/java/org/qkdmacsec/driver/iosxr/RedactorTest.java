package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private static final String T7 = RolloverFixture.KEY_STRING;

    @Test
    void masksKeyStringsWhereXrPutsThem() {
        Redactor r = new Redactor();
        String failed = r.apply(Fixtures.read("show-configuration-failed.txt"));
        assertFalse(failed.contains(T7));
        assertTrue(failed.contains("key-string password <redacted> cryptographic-algorithm aes-128-cmac"));
        String show = r.apply(Fixtures.read("show-key-chain.txt"));
        assertFalse(show.contains("0822455D0A16"));
        assertTrue(show.contains("-- text \"<redacted>\""));
        assertEquals("{\"password\":\"<redacted>\"}", r.apply("{\"password\":\"" + T7 + "\"}"));
    }

    @Test
    void masksLiteralSecretsInEitherCaseAnywhere() {
        Redactor r = new Redactor();
        r.add(T7.toCharArray());
        r.add(RolloverFixture.CAK_HEX.toCharArray());
        String text = "error near '" + T7.toLowerCase(Locale.ROOT) + "' and " + RolloverFixture.CAK_HEX.toUpperCase(Locale.ROOT);
        String out = r.apply(text);
        assertEquals("error near '<redacted>' and <redacted>", out);
        r.clear();
        assertTrue(r.apply(text).contains(RolloverFixture.CAK_HEX.toUpperCase(Locale.ROOT)));
    }
}
