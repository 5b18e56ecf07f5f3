package org.qkdmacsec.lab.iosxr;

import java.util.Optional;

/**
 * What {@code show macsec mka session} and the MKA oper model report for one interface at one instant.
 * Identifiers (MI, SCI, MAC) are derived deterministically from host and interface names so they are
 * stable across calls; the message number advances with time since the key became active.
 */
record MkaSessionState(
        String iface,
        InterfaceConfig.PskBinding binding,
        Optional<String> ckn,
        Optional<CmacAlgorithm> algorithm,
        Status status,
        Optional<Peer> peer,
        String myMi,
        long myMn,
        String mac,
        int keyServerPriority) {

    enum Status {
        SECURED("SECURED", "Secured MKA Session with MACsec", 1),
        PENDING("PENDING", "Waiting for live peers", 0),
        INACTIVE("INACTIVE", "No active keys present", 0);

        private final String word;
        private final String description;
        private final int code;

        Status(String word, String description, int code) {
            this.word = word;
            this.description = description;
            this.code = code;
        }

        /** As the detail view prints it: {@code SECURED - Secured MKA Session with MACsec}. */
        String line() {
            return word + " - " + description;
        }

        String word() {
            return word;
        }

        /** The oper model's {@code ca/status}: 1 secured, 0 not. */
        int code() {
            return code;
        }
    }

    /** The peer MKA sees live on the link. */
    record Peer(String mi, long mn, String sci, int ssci, int priority) {
    }

    String localSci() {
        return mac + "/0001";
    }

    /** Lower SCI wins at equal priority (both ends use the default priority here). */
    boolean isKeyServer() {
        return peer.isEmpty() || keyServerPriority < peer.get().priority()
                || (keyServerPriority == peer.get().priority() && localSci().compareTo(peer.get().sci()) < 0);
    }

    String mkaCipherSuite() {
        return algorithm.map(a -> a == CmacAlgorithm.AES_128_CMAC ? "AES-128-CMAC" : "AES-256-CMAC").orElse("-");
    }
}
