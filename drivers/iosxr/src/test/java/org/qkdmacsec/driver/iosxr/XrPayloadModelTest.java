package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.A;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.B;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.C;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.PORT;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.T;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.ZONE;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.lab.models.GnmiSetTree;
import org.qkdmacsec.lab.models.VendorModels;
import org.qkdmacsec.lab.models.VendorModels.Release;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/**
 * Every gNMI Set shape this driver can send, built by the driver's own code ({@link ChangeBuilder} then
 * {@link ChainSet#request}, which {@code commit} sends as is), as the RFC 7951 tree it writes, against
 * Cisco's models of IOS-XR 24.4.2 and 7.11.1. And what the models refuse, the driver refuses first
 * (INVALID_REQUEST, nothing built or sent).
 */
class XrPayloadModelTest {
    private static final List<Release> RELEASES = List.of(Release.IOSXR_24_4_2, Release.IOSXR_7_11_1);
    private static VendorModels models;

    @BeforeAll
    static void models() {
        models = VendorModels.locate();
    }

    private static SetRequest set(KeyPlan plan, InterfaceRead iface, Optional<String> policy, Port port) {
        ChainChange change = ChangeBuilder.build("xr1", port, plan, RolloverFixture.current(), iface, policy, ZONE,
                T.minus(Duration.ofMinutes(2)), s -> Type7.encodeCak(s, 11));
        try {
            return ChainSet.request(change);
        } finally {
            change.wipe();
        }
    }

    private static InterfaceRead bound() {
        return new InterfaceRead(RolloverFixture.bound(), Optional.of("to peer"));
    }

    private static Secret cak(int bytes) {
        byte[] b = new byte[bytes];
        b[0] = 7;
        return Secret.adopt(b);
    }

    private static KeyPlan add(String ckn, Secret cak, Instant start, Optional<Instant> end) {
        return new KeyPlan(List.of(new KeyPlan.Add(ckn, cak, start, end)), List.of(), List.of());
    }

    private static void assertAccepted(String shape, String tree) {
        for (Release r : RELEASES) {
            VendorModels.Verdict v = models.check(r, tree);
            assertTrue(v.accepted(), shape + " on " + r.folder() + ": " + v + "\n" + tree);
        }
    }

    private static boolean refusedByBoth(String tree) {
        return RELEASES.stream().noneMatch(r -> models.check(r, tree).accepted());
    }

    @Test
    void everySetTheDriverBuildsIsAcceptedByCiscosModelsOfBothReleases() {
        Port aes128 = new Port(PORT.interfaceName(), PORT.connectivityAssociation(), PORT.keyChain(), CipherSuite.GCM_AES_128);
        Map<String, Supplier<SetRequest>> shapes = new LinkedHashMap<>();
        shapes.put("a new key, aes-256-cmac, infinite", () -> set(add(B, cak(32), T, Optional.empty()), bound(), Optional.empty(), PORT));
        shapes.put("a new key, aes-128-cmac", () -> set(add(B, cak(16), T, Optional.empty()), bound(), Optional.empty(), aes128));
        shapes.put("a new key with an end-time", () -> set(add(B, cak(32), T, Optional.of(T.plus(Duration.ofHours(2)))), bound(),
                Optional.empty(), PORT));
        shapes.put("an end-time moved", () -> set(new KeyPlan(List.of(), List.of(new KeyPlan.EndChange(A, T.plusSeconds(120))),
                List.of()), InterfaceRead.none(), Optional.empty(), PORT));
        shapes.put("a key removed", () -> set(KeyPlan.removing(List.of(C)), InterfaceRead.none(), Optional.empty(), PORT));
        shapes.put("the interface bound to the chain", () -> set(add(B, cak(32), T, Optional.empty()), InterfaceRead.none(),
                Optional.empty(), PORT));
        shapes.put("bound with a 16-character policy", () -> set(add(B, cak(32), T, Optional.empty()), InterfaceRead.none(),
                Optional.of("P".repeat(16)), PORT));
        shapes.put("the interface description", () -> set(KeyPlan.removing(List.of()).withDescription(
                "qkd key_ID 6f1c2a9e-0b3d-4c5e-8f70-9a1b2c3d4e5f ckn b2b2b2b2 <&> \"quoted\""), bound(), Optional.empty(), PORT));
        shapes.put("a whole rollover with the description, one Set", () -> set(RolloverFixture.plan(cak(32))
                .withDescription("qkd key_ID 6f1c"), InterfaceRead.none(), Optional.of("POL"), PORT));
        // several ports in one Set (stage(List<PortChange>)): every port's deletes, replaces and updates together
        Port second = new Port("HundredGigE0/0/0/1", "POL", "QKD_KC2", CipherSuite.GCM_AES_XPN_256);
        shapes.put("two ports' rollovers with both descriptions, one Set", () -> set(List.of(
                change(RolloverFixture.plan(cak(32)).withDescription("qkd key_ID one"), bound(), Optional.empty(), PORT),
                change(RolloverFixture.plan(cak(32)).withDescription("qkd key_ID two"),
                        new InterfaceRead(Optional.of(new PskBinding("QKD_KC2", Optional.empty(), Optional.empty())), Optional.empty()),
                        Optional.empty(), second))));
        shapes.put("a rollover, a fresh port's first key with its binding, and a removal, one Set", () -> set(List.of(
                change(RolloverFixture.plan(cak(32)), bound(), Optional.of("POL"), PORT),
                change(add(B, cak(32), T, Optional.empty()), InterfaceRead.none(), Optional.of("POL"), second),
                change(KeyPlan.removing(List.of(C)), InterfaceRead.none(), Optional.empty(),
                        new Port("HundredGigE0/0/0/2", "POL", "QKD_KC3", CipherSuite.GCM_AES_XPN_256)))));
        for (Map.Entry<String, Supplier<SetRequest>> s : shapes.entrySet()) {
            assertAccepted(s.getKey(), GnmiSetTree.json(s.getValue().get()));
        }
        assertEquals(11, shapes.size());
    }

    private static ChainChange change(KeyPlan plan, InterfaceRead iface, Optional<String> policy, Port port) {
        return ChangeBuilder.build("xr1", port, plan, RolloverFixture.current(), iface, policy, ZONE,
                T.minus(Duration.ofMinutes(2)), s -> Type7.encodeCak(s, 11));
    }

    private static SetRequest set(List<ChainChange> changes) {
        try {
            return ChainSet.request(changes);
        } finally {
            changes.forEach(ChainChange::wipe);
        }
    }

    @Test
    void theInfiniteLifetimeTheDriverUsedToWriteIsRefusedByBothReleases() {
        String now = GnmiSetTree.json(set(add(B, cak(32), T, Optional.empty()), bound(), Optional.empty(), PORT));
        assertTrue(now.contains("\"infinite\" : { }"), now);
        assertTrue(refusedByBoth(now.replace("\"infinite\" : { }", "\"infinite\" : [ null ]")));
    }

    @Test
    void whatCiscosModelsRefuseTheDriverRefusesBeforeSending() {
        String good = GnmiSetTree.json(set(RolloverFixture.plan(cak(32)).withDescription("qkd key_ID 6f1c"), InterfaceRead.none(),
                Optional.of("POL"), PORT));
        assertAccepted("the rollover", good);
        // years outside 1993..2035
        Instant y2036 = Instant.parse("2036-03-01T00:00:00Z");
        assertTrue(refusedByBoth(good.replace("\"year\" : 2026", "\"year\" : 2036")));
        assertRefused(() -> set(add(B, cak(32), y2036, Optional.empty()), bound(), Optional.empty(), PORT), "1993..2035");
        assertRefused(() -> set(add(B, cak(32), T, Optional.of(y2036)), bound(), Optional.empty(), PORT), "1993..2035");
        assertRefused(() -> set(new KeyPlan(List.of(), List.of(new KeyPlan.EndChange(A, y2036)), List.of()), InterfaceRead.none(),
                Optional.empty(), PORT), "1993..2035");
        assertTrue(refusedByBoth(good.replace("\"year\" : 2026", "\"year\" : 1992")));
        assertRefused(() -> set(add(B, cak(32), Instant.parse("1992-06-01T00:00:00Z"), Optional.empty()), bound(), Optional.empty(),
                PORT), "1993..2035");
        // the policy: 17 characters, a slash
        for (String policy : List.of("P".repeat(17), "pol/x")) {
            assertTrue(refusedByBoth(good.replace("\"policy\" : \"POL\"", "\"policy\" : \"" + policy + "\"")), policy);
            assertRefused(() -> set(add(B, cak(32), T, Optional.empty()), InterfaceRead.none(), Optional.of(policy), PORT),
                    "length 1..16");
        }
        // a CKN of 66 digits; a chain name of 33 characters
        assertTrue(refusedByBoth(good.replace(B, "ab".repeat(33))));
        assertRefused(() -> set(add("ab".repeat(33), cak(32), T, Optional.empty()), bound(), Optional.empty(), PORT), "CKN");
        assertTrue(refusedByBoth(good.replace("\"QKD_KC\"", "\"" + "K".repeat(33) + "\"")));
        assertRefused(() -> set(add(B, cak(32), T, Optional.empty()), bound(), Optional.empty(),
                new Port(PORT.interfaceName(), "POL", "K".repeat(33), PORT.cipher())), "length 1..32");
        // descriptions: empty, 1025 characters
        for (String d : List.of("", "d".repeat(1025))) {
            assertTrue(refusedByBoth(good.replace("\"qkd key_ID 6f1c\"", "\"" + d + "\"")), "description of " + d.length());
            assertRefused(() -> set(KeyPlan.removing(List.of()).withDescription(d), bound(), Optional.empty(), PORT), "1 to 1024");
        }
        // not in the model, refused by the driver all the same: an odd-length CKN (the model's text says
        // "even length", its type does not), a CAK that does not fit the cipher (the key-string is opaque)
        assertFalse(refusedByBoth(good.replace(B, "abc")), "the model's type admits an odd CKN");
        assertRefused(() -> set(add("abc", cak(32), T, Optional.empty()), bound(), Optional.empty(), PORT), "even-length hex");
        assertRefused(() -> set(add(B, cak(16), T, Optional.empty()), bound(), Optional.empty(), PORT), "needs 32");
    }

    private static void assertRefused(Executable call, String why) {
        DriverException e = assertThrows(DriverException.class, call);
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
