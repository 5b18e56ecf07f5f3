package org.qkdmacsec.driver.linux;

import java.util.Optional;

/**
 * Where and with which key number a new key goes: the association number and key number both ends
 * reach independently (the end that installs second matches what the first published), and the peer
 * whose receive channel gets it.
 */
record InstallPlan(int an, long kn, Sci peer) {

    static InstallPlan of(String device, PortSettings s, PortView v, String ckn, int maxKeys) {
        Sci peer = s.peer().sci().orElseThrow(() -> PortSettings.invalid(device, "the peer's SCI is unknown (the other end's"
                + " readKeys publishes it, and the port carries it as its peer); cannot install a receive key"));
        if (peer.equals(v.ownSci())) {
            throw PortSettings.invalid(device, "the peer's SCI " + peer + " equals this end's: the ends need distinct MAC"
                    + " addresses or sci-port values");
        }
        if (v.record().slots().size() >= maxKeys) {
            throw PortSettings.invalid(device, maxKeys + " keys are already installed on " + s.macsecDevice() + " (AN "
                    + v.record().slots().keySet() + "); remove the consumed one first");
        }
        Optional<Integer> peerAn = s.peer().record().anOf(ckn);
        int an;
        long kn;
        if (peerAn.isPresent()) {
            // The other end installed this key first: match its AN and key number exactly.
            an = peerAn.get();
            kn = s.peer().record().slots().get(an).kn();
            if (v.occupiedAns().contains(an)) {
                throw PortSettings.invalid(device, "the peer holds " + ckn + " at AN " + an + ", which is taken here");
            }
            if (kn <= v.record().lastKn()) {
                throw PortSettings.invalid(device, "the peer derived " + ckn + " with key number " + kn
                        + ", already used here (last " + v.record().lastKn() + ")");
            }
        } else {
            an = v.nextAn().orElseThrow(() -> PortSettings.invalid(device, "all four association numbers are in use on "
                    + s.macsecDevice()));
            if (s.peer().nextAn().isPresent() && s.peer().nextAn().get() != an) {
                throw PortSettings.invalid(device, "the ends disagree on the next association number (here " + an
                        + ", peer " + s.peer().nextAn().get() + "); retire leftover keys on both ends first");
            }
            kn = Math.max(v.record().lastKn(), s.peer().record().lastKn()) + 1;
        }
        return new InstallPlan(an, kn, peer);
    }

}
