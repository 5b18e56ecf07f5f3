package org.qkdmacsec.harness.lab;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.LabSettings;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.lab.kme.KeyPoolSpec;
import org.qkdmacsec.lab.kme.KmeNetwork;
import org.qkdmacsec.lab.kme.KmeSpec;
import org.qkdmacsec.lab.pki.TestPki;

/**
 * The KMEs of an embedded lab: the inventory KMEs that {@code lab.kmes} lists, simulated over mutual TLS
 * (or plain HTTP for {@code insecure: true} entries), with every SAE the inventory's links attach to them.
 * With no {@code lab.kmes}, none: the simulated routers are then keyed from the operator's real KMEs, as
 * the inventory names them (how a team commissions a new KME before touching production).
 */
final class LabKmes {
    private LabKmes() {
    }

    /** A generous pool: the lab models a healthy QKD link; exhaustion is a fault to inject. */
    static final KeyPoolSpec DEFAULT_POOL = KeyPoolSpec.defaults().withMaxKeyCount(10_000).withInitialKeys(1_000).withKeysPerSecond(10);

    static Optional<KmeNetwork> start(Inventory inv, LabSettings lab, Clock clock, EmbeddedLab.Ports ports, TestPki pki, KeyPoolSpec pool) {
        if (lab.kmes().isEmpty()) {
            return Optional.empty();
        }
        KmeNetwork.Builder b = KmeNetwork.builder(clock).pki(pki).pool(pool);
        Map<String, String> saes = new TreeMap<>();
        for (String id : lab.kmes()) {
            Kme k = inv.kme(id).orElseThrow();
            KmeSpec spec = k.insecure() ? KmeSpec.insecure() : KmeSpec.mtls();
            b.kme(id, spec.withPort(ports == EmbeddedLab.Ports.FIXED ? k.url().getPort() : 0));
            k.saeId().ifPresent(sae -> saes.put(sae, id));
        }
        for (Link l : inv.links()) {
            if (lab.kmes().contains(l.a().kme())) {
                saes.putIfAbsent(l.a().saeId(), l.a().kme());
            }
            if (lab.kmes().contains(l.b().kme())) {
                saes.putIfAbsent(l.b().saeId(), l.b().kme());
            }
        }
        saes.forEach(b::sae);
        return Optional.of(b.build().start());
    }

    /** One line per KME the lab's links use: simulated (where it listens) or the operator's own. */
    static List<String> describe(Inventory inv, Optional<KmeNetwork> network) {
        List<String> out = new ArrayList<>();
        network.ifPresent(n -> n.kmes().forEach(k -> out.add(String.format("KME     %-8s %s", k.id(), k.uri()))));
        List<String> simulated = network.map(n -> n.kmes().stream().map(org.qkdmacsec.lab.kme.Kme::id).toList()).orElse(List.of());
        inv.links().stream().flatMap(l -> java.util.stream.Stream.of(l.a().kme(), l.b().kme())).distinct()
                .filter(id -> !simulated.contains(id))
                .forEach(id -> out.add(String.format("KME     %-8s %s (external: not simulated; the routers are keyed from it)",
                        id, inv.kme(id).map(Kme::url).map(Object::toString).orElse("?"))));
        return out;
    }
}
