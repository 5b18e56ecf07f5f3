package org.qkdmacsec.harness.chaos;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.keys.DerivedKey;
import org.qkdmacsec.lab.kme.Fault;
import org.qkdmacsec.lab.kme.KmeEndpoint;
import org.qkdmacsec.lab.kme.KmeNetwork;

/**
 * The real KME client against the lab's KMEs (HTTPS with mutual TLS), with the run's KME faults armed
 * on the lab KME just before the call they are meant for, so they travel the real wire.
 */
final class LabKeys implements KeySupply {
    private final KeySupply real;
    private final KmeNetwork kmes;
    private final World world;
    private final List<String> secrets = new ArrayList<>();

    LabKeys(KeySupply real, KmeNetwork kmes, World world) {
        this.real = real;
        this.kmes = kmes;
        this.world = world;
    }

    List<String> secrets() {
        return List.copyOf(secrets);
    }

    @Override
    public List<String> check(LinkSpec link, int count) {
        world.faults().onKmeCall(true).ifPresent(k -> kmes.kme(link.a().kme()).faults().once(Fault.unavailable().on(KmeEndpoint.STATUS)));
        return real.check(link, count);
    }

    @Override
    public List<DerivedKey> fetch(LinkSpec link, int count) {
        Optional<FaultKind> f = world.faults().onKmeCall(false);
        f.ifPresent(k -> {
            switch (k) {
                case KME_UNAVAILABLE_503 -> kmes.kme(link.a().kme()).faults().once(Fault.unavailable().on(KmeEndpoint.ENC_KEYS));
                case KME_EXHAUSTED_400 -> kmes.kme(link.a().kme()).faults().once(Fault.exhausted().on(KmeEndpoint.ENC_KEYS));
                case KME_UNAUTHORIZED_401 -> kmes.kme(link.b().kme()).faults().once(Fault.unauthorized().on(KmeEndpoint.DEC_KEYS));
                case KME_ANSWER_DROPPED -> kmes.kme(link.b().kme()).faults().once(Fault.dropConnection().on(KmeEndpoint.DEC_KEYS));
                case KME_GARBAGE -> kmes.kme(link.a().kme()).faults().once(Fault.corruptKey().on(KmeEndpoint.ENC_KEYS));
                case KME_KEYS_DIFFER -> kmes.kme(link.b().kme()).faults().once(Fault.wrongKey().on(KmeEndpoint.DEC_KEYS));
                default -> { }
            }
        });
        List<DerivedKey> out = real.fetch(link, count);
        out.forEach(key -> {
            byte[] cak = key.cak().copyBytes();
            secrets.add(HexFormat.of().formatHex(cak));
            secrets.add(Base64.getEncoder().encodeToString(cak));
        });
        return out;
    }
}
