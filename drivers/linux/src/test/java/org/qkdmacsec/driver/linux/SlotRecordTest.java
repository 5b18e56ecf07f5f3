package org.qkdmacsec.driver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotRecordTest {
    static final String C1 = "1f2e3d4c5b6a79880123456789abcdef0123456789abcdef0123456789abcdef";
    static final String C2 = "a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9f";

    @Test
    void roundTripsThroughTheAlias() {
        SlotRecord r = SlotRecord.empty().with(0, C1, 1).with(1, C2, 2).withBaseline(12);
        assertEquals("qkd-macsec kn=2 e=12 0=" + C1 + "/1 1=" + C2 + "/2", r.render());
        assertEquals(r, SlotRecord.parse(Optional.of(r.render())));
        assertEquals(Optional.of(1), r.anOf(C2.toUpperCase(java.util.Locale.ROOT)));
        SlotRecord gone = r.without(0);
        assertEquals(2, gone.lastKn(), "the key number never goes back");
        assertEquals(1, gone.slots().size());
    }

    @Test
    void twoFullLengthKeysFitTheKernelAliasLimit() {
        SlotRecord r = SlotRecord.empty().with(2, C1, 0xfffffffeL).with(3, C2, 0xffffffffL).withBaseline(Long.MAX_VALUE);
        assertTrue(r.render().length() <= 255, r.render().length() + " characters");
    }

    @Test
    void someoneElsesAliasReadsAsNoRecord() {
        assertEquals(SlotRecord.empty(), SlotRecord.parse(Optional.of("uplink to core")));
        assertEquals(SlotRecord.empty(), SlotRecord.parse(Optional.empty()));
        assertEquals(SlotRecord.empty(), SlotRecord.parse(Optional.of("qkd-macsecX kn=3")));
    }
}
