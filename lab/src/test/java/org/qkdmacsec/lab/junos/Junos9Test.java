package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Junos9Test {
    @Test
    void decodesPublishedVectors() {
        // Vectors published with Crypt::Juniper and netmeld's junos-type9-decode.
        assertEquals("lc", Junos9.decode("$9$LbHX-wg4Z"));
        assertEquals("password", Junos9.decode("$9$2GgZjHkPQ39.PhrvLVb.P5Tz6"));
    }

    @Test
    void roundTripsAndSaltsEveryEncoding() {
        String cak = JunosFixtures.CAK0;
        Random r = new Random(7);
        String a = Junos9.encode(cak, r);
        String b = Junos9.encode(cak, r);
        assertTrue(a.startsWith("$9$"));
        assertNotEquals(a, b);
        assertEquals(cak, Junos9.decode(a));
        assertEquals(cak, Junos9.decode(b));
        assertTrue(!a.contains(cak) && !a.toLowerCase().contains(cak.substring(0, 8)));
    }

    @Test
    void rejectsWhatIsNotNineEncoded() {
        assertThrows(IllegalArgumentException.class, () -> Junos9.decode("0123"));
        assertThrows(IllegalArgumentException.class, () -> Junos9.decode("$9$ab#cd"));
    }
}
