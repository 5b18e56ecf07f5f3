package org.qkdmacsec.lab.kme;

import java.util.List;
import java.util.Map;

/** Which KME each SAE is attached to. Immutable. */
record Topology(Map<String, String> kmeOfSae) {
    Topology {
        kmeOfSae = Map.copyOf(kmeOfSae);
    }

    boolean knows(String saeId) {
        return kmeOfSae.containsKey(saeId);
    }

    String kmeOf(String saeId) {
        return kmeOfSae.get(saeId);
    }

    List<String> saesAt(String kmeId) {
        return kmeOfSae.entrySet().stream().filter(e -> e.getValue().equals(kmeId))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
