package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.KeySupplyException;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.controller.keys.DerivationMethod;
import org.qkdmacsec.controller.keys.DerivedKey;
import org.qkdmacsec.controller.keys.KeyDerivation;
import org.qkdmacsec.spi.Secret;

/**
 * A pair of KMEs in memory, as the engine's key supply sees them: keys drawn from the run's seed, each
 * delivered once; faults as ETSI GS QKD 014 KMEs show them (503 or 400 "not enough keys yet" with
 * nothing consumed; 401; a read timeout or a lost answer after the keys were consumed; a garbled body;
 * a key that differs between the two KMEs). The real derivation turns each key into CKN and CAK. Every
 * key and CAK it hands out is kept, so the run can scan logs and the journal for them.
 */
final class ModelKme implements KeySupply {
    private final World world;
    private final Random rng;
    private final List<String> secrets = new ArrayList<>();
    private int consumed;

    ModelKme(World world, Random rng) {
        this.world = world;
        this.rng = rng;
    }

    /** Hex and base64 of every key and CAK delivered or consumed (for the leak scan). */
    List<String> secrets() {
        return List.copyOf(secrets);
    }

    int consumed() {
        return consumed;
    }

    @Override
    public List<String> check(LinkSpec link, int count) {
        if (world.faults().onKmeCall(true).isPresent()) {
            throw new KeySupplyException(Reason.KME_UNAVAILABLE, "ENC KME status: HTTP 503 (injected)");
        }
        return List.of();
    }

    @Override
    public List<DerivedKey> fetch(LinkSpec link, int count) {
        Optional<FaultKind> f = world.faults().onKmeCall(false);
        if (f.isPresent()) {
            switch (f.get()) {
                case KME_UNAVAILABLE_503 -> throw new KeySupplyException(Reason.ENC_KME_FAILED, "ENC KME: HTTP 503 (injected);"
                        + " nothing consumed", null, Optional.of(Duration.ofSeconds(2)));
                case KME_EXHAUSTED_400 -> throw new KeySupplyException(Reason.ENC_KME_FAILED, "ENC KME: HTTP 400 not enough keys yet"
                        + " (injected); nothing consumed", null, Optional.of(Duration.ofSeconds(5)));
                case KME_UNAUTHORIZED_401 -> throw new KeySupplyException(Reason.KME_UNAUTHORIZED, "DEC KME: HTTP 401 (injected)");
                case KME_READ_TIMEOUT -> {
                    consume(count);
                    throw new KeySupplyException(Reason.ENC_KME_FAILED, "ENC KME: read timeout (injected); the request may"
                            + " have been delivered and its keys consumed");
                }
                case KME_ANSWER_DROPPED -> {
                    consume(count);
                    throw new KeySupplyException(Reason.DEC_KME_FAILED, "DEC KME: connection lost after the request was"
                            + " delivered (injected); " + count + " key(s) consumed");
                }
                case KME_GARBAGE -> {
                    consume(count);
                    throw new KeySupplyException(Reason.KME_INVALID_RESPONSE, "ENC KME: key 0 is not valid base64 (injected)");
                }
                case KME_KEYS_DIFFER -> {
                    consume(count);
                    throw new KeySupplyException(Reason.KEYS_DIFFER, "the two KMEs returned different keys for one key_ID (injected)");
                }
                default -> { }
            }
        }
        KeyDerivation d = new KeyDerivation(DerivationMethod.DIRECT, link.a().port().cipher());
        List<DerivedKey> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] raw = next();
            String keyId = new UUID(rng.nextLong(), rng.nextLong()).toString();
            try (Secret enc = Secret.copyOf(raw); Secret dec = Secret.copyOf(raw)) {
                DerivedKey k = d.derive(keyId, enc, dec);
                remember(k.cak().copyBytes());
                out.add(k);
            }
        }
        return out;
    }

    private void consume(int count) {
        for (int i = 0; i < count; i++) {
            next();
        }
    }

    private byte[] next() {
        byte[] raw = new byte[32];
        rng.nextBytes(raw);
        consumed++;
        remember(raw);
        return raw;
    }

    private void remember(byte[] b) {
        secrets.add(HexFormat.of().formatHex(b));
        secrets.add(Base64.getEncoder().encodeToString(b));
    }
}
