package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.A;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.B;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.C;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.T;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.Secret;

/** Every bad plan is refused before anything reaches the device, naming the key at fault. */
class ChangeBuilderTest {

    @Test
    void buildsTheRolloverInTheChainZone() {
        try (Secret cak = RolloverFixture.cak()) {
            ChainChange c = RolloverFixture.change(cak);
            assertEquals(List.of(C), c.removes());
            assertEquals("aes-256-cmac", c.adds().get(0).algorithm());
            assertEquals("19:47:00 10 july 2026", c.adds().get(0).start().cli());
            assertEquals("19:49:00 10 july 2026", c.lifetimes().get(0).end().orElseThrow().cli());
            assertEquals("19:47:00 9 july 2026", c.lifetimes().get(0).start().cli());
            assertTrue(c.adds().get(0).toString().contains(Redactor.MASK));
            c.wipe();
        }
    }

    @Test
    void refusesBadPlans() {
        try (Secret cak = RolloverFixture.cak(); Secret shortCak = Secret.copyOf(new byte[16])) {
            assertRefused("not even-length hex", plan(new KeyPlan.Add("abc", cak, T, Optional.empty())));
            assertRefused("not even-length hex", plan(new KeyPlan.Add("zz", cak, T, Optional.empty())));
            assertRefused("not even-length hex", plan(new KeyPlan.Add("ab".repeat(33), cak, T, Optional.empty())));
            assertRefused("16-byte CAK", plan(new KeyPlan.Add(B, shortCak, T, Optional.empty())));
            assertRefused("already exists", plan(new KeyPlan.Add(A, cak, T, Optional.empty())));
            assertRefused("added twice", new KeyPlan(List.of(new KeyPlan.Add(B, cak, T, Optional.empty()),
                    new KeyPlan.Add(B, cak, T, Optional.empty())), List.of(), List.of()));
            assertRefused("before it starts", plan(new KeyPlan.Add(B, cak, T, Optional.of(T.minusSeconds(1)))));
            assertRefused("not an existing key", new KeyPlan(List.of(), List.of(new KeyPlan.EndChange(B, T)), List.of()));
            assertRefused("not an existing key", new KeyPlan(List.of(), List.of(new KeyPlan.EndChange(C, T)),
                    List.of(new KeyPlan.Remove(C))));
            assertRefused("before it starts", new KeyPlan(List.of(),
                    List.of(new KeyPlan.EndChange(A, T.minus(Duration.ofDays(2)))), List.of()));
        }
    }

    @Test
    void firstKeysBindAnUnboundInterfaceAndARolloverLeavesTheBindingAlone() {
        try (Secret cak = RolloverFixture.cak()) {
            ChainChange first = RolloverFixture.change(RolloverFixture.first(cak), ChainRead.absent(), Optional.empty(),
                    Optional.empty());
            assertEquals(Optional.of(new ChainChange.Bind("HundredGigE0/0/0/0", Optional.empty())), first.bind());
            first.wipe();
            ChainChange withPolicy = RolloverFixture.change(RolloverFixture.first(cak), ChainRead.absent(), Optional.empty(),
                    Optional.of("MSP"));
            assertEquals(Optional.of("MSP"), withPolicy.bind().orElseThrow().policy());
            withPolicy.wipe();
            ChainChange rollover = RolloverFixture.change(cak);
            assertEquals(Optional.empty(), rollover.bind());
            rollover.wipe();
        }
    }

    @Test
    void aPlanWithoutAddsNeverBinds() {
        ChainChange removing = RolloverFixture.change(KeyPlan.removing(List.of(C)), RolloverFixture.current(),
                Optional.empty(), Optional.of("MSP"));
        assertEquals(Optional.empty(), removing.bind());
        assertEquals(List.of(C), removing.removes());
        ChainChange moving = RolloverFixture.change(new KeyPlan(List.of(), List.of(new KeyPlan.EndChange(A, T)), List.of()),
                RolloverFixture.current(), Optional.empty(), Optional.empty());
        assertEquals(Optional.empty(), moving.bind());
        // Cleaning up our chain is fine even while the interface uses another one: the binding is not touched.
        ChainChange elsewhere = RolloverFixture.change(KeyPlan.removing(List.of(C)), RolloverFixture.current(),
                Optional.of(new PskBinding("OTHER", Optional.empty(), Optional.empty())), Optional.empty());
        assertEquals(Optional.empty(), elsewhere.bind());
    }

    @Test
    void refusesAnInterfaceBoundToAnotherChain() {
        try (Secret cak = RolloverFixture.cak()) {
            for (PskBinding other : List.of(new PskBinding("OTHER", Optional.empty(), Optional.of("POL")),
                    new PskBinding("OTHER", Optional.of(RolloverFixture.CHAIN), Optional.empty()),
                    new PskBinding("qkd_kc", Optional.empty(), Optional.empty()))) {
                DriverException e = assertThrows(DriverException.class, () -> RolloverFixture.change(
                        RolloverFixture.plan(cak), RolloverFixture.current(), Optional.of(other), Optional.empty()));
                assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind());
                assertEquals("xr1: interface HundredGigE0/0/0/0 is bound to key chain " + other.keychain()
                        + " (macsec psk-keychain), not QKD_KC; refusing to rebind it", e.getMessage());
            }
        }
    }

    @Test
    void replacingAKeyIsAllowedWhenThePlanAlsoRemovesIt() {
        try (Secret cak = RolloverFixture.cak()) {
            ChainChange c = build(new KeyPlan(List.of(new KeyPlan.Add(A.toUpperCase(), cak, T, Optional.empty())),
                    List.of(), List.of(new KeyPlan.Remove(A))));
            assertEquals(A, c.adds().get(0).ckn());
            assertEquals(List.of(A), c.removes());
            c.wipe();
        }
    }

    private static KeyPlan plan(KeyPlan.Add add) {
        return new KeyPlan(List.of(add), List.of(), List.of());
    }

    private static ChainChange build(KeyPlan plan) {
        return ChangeBuilder.build("xr1", RolloverFixture.PORT, plan, RolloverFixture.current(),
                new InterfaceRead(RolloverFixture.bound(), Optional.empty()),
                Optional.empty(), RolloverFixture.ZONE, T.minusSeconds(120), s -> Type7.encodeCak(s, 3));
    }

    private static void assertRefused(String why, KeyPlan plan) {
        DriverException e = assertThrows(DriverException.class, () -> build(plan));
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().startsWith("xr1: ") && e.getMessage().contains(why), e.getMessage());
    }
}
