package org.qkdmacsec.driver.iosxr;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/**
 * One rollover as the engine plans it: new key B starts at T, the current key A now ends at
 * T + 120 s, the retired key C goes. The chain is in Europe/Zurich (CEST, UTC+2 in July).
 */
final class RolloverFixture {
    static final String CHAIN = "QKD_KC";
    static final String A = "a1".repeat(32);
    static final String B = "b2".repeat(32);
    static final String C = "c3".repeat(32);
    static final Instant T = Instant.parse("2026-07-10T17:47:00Z");
    static final Duration OVERLAP = Duration.ofSeconds(120);
    static final ZoneId ZONE = ZoneId.of("Europe/Zurich");
    static final Port PORT = new Port("HundredGigE0/0/0/0", "POL", CHAIN, CipherSuite.GCM_AES_XPN_256);
    /** CAK 00 01 … 1f: with seed 11 its key-string is Cisco's published example. */
    static final String KEY_STRING = "115949554642595C577A7F747D63637244574E535806580851040D531C465C0851020204055A09575409"
            + "03554657520A5C575770151F08480746115A08552F7A22";
    static final String CAK_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private RolloverFixture() {
    }

    static Secret cak() {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return Secret.adopt(b);
    }

    static KeyPlan plan(Secret cak) {
        return new KeyPlan(List.of(new KeyPlan.Add(B, cak, T, Optional.empty())),
                List.of(new KeyPlan.EndChange(A, T.plus(OVERLAP))),
                List.of(new KeyPlan.Remove(C)));
    }

    /** A started a day ago (infinite), C is long over. */
    static ChainRead current() {
        return new ChainRead(true, List.of(
                new ChainRead.Key(A, Optional.of(XrTime.of(T.minus(Duration.ofDays(1)), ZONE)), Optional.empty(),
                        OptionalLong.empty()),
                new ChainRead.Key(C, Optional.of(XrTime.of(T.minus(Duration.ofDays(2)), ZONE)),
                        Optional.of(XrTime.of(T.minus(Duration.ofDays(1)).plus(OVERLAP), ZONE)), OptionalLong.empty())),
                Optional.empty());
    }

    /** The interface as the first keying left it: bound to the chain, no policy. */
    static Optional<PskBinding> bound() {
        return Optional.of(new PskBinding(CHAIN, Optional.empty(), Optional.empty()));
    }

    /** The rollover on a bound interface. */
    static ChainChange change(Secret cak) {
        return change(plan(cak), current(), bound(), Optional.empty());
    }

    static ChainChange change(KeyPlan plan, ChainRead current, Optional<PskBinding> bound, Optional<String> policy) {
        return ChangeBuilder.build("xr1", PORT, plan, current, new InterfaceRead(bound, Optional.empty()), policy, ZONE,
                T.minus(Duration.ofMinutes(2)), s -> Type7.encodeCak(s, 11));
    }

    /** The first keys on a fresh router: A from a day before T, no chain and no binding yet. */
    static KeyPlan first(Secret cak) {
        return new KeyPlan(List.of(new KeyPlan.Add(A, cak, T.minus(Duration.ofDays(1)), Optional.empty())), List.of(),
                List.of());
    }
}
