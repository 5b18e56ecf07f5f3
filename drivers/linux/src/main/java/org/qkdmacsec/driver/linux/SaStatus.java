package org.qkdmacsec.driver.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.qkdmacsec.spi.MkaSession;

/**
 * What {@code readMka} reports for Linux, where there is no MKA: one entry per key of ours. Secured: its
 * transmit SA is on and the peer's receive channel has it on; while a rollover is under way (more than
 * one key installed) also that the receive error counters ({@link IpState#ERROR_COUNTERS}) have not
 * risen since it began.
 */
final class SaStatus {
    private SaStatus() {
    }

    static List<MkaSession> of(PortSettings s, PortView v) {
        IpState.SecY y = v.secy().get();
        long primaryKn = Optional.ofNullable(v.record().slots().get(y.encodingSa())).map(SlotRecord.Slot::kn).orElse(Long.MAX_VALUE);
        boolean rolling = v.record().slots().size() > 1;
        long errors = Math.max(0, v.receiveErrors() - v.record().errorBaseline());
        List<MkaSession> out = new ArrayList<>();
        v.record().slots().forEach((an, slot) -> {
            Optional<IpState.TxSa> tx = y.txSa(an).filter(t -> t.keyId().equals(SaKeys.keyIdOf(slot.ckn())));
            List<Sci> peers = v.receivingPeers(an, slot.ckn()).stream()
                    .filter(p -> s.peer().sci().map(p::equals).orElse(true)).toList();
            boolean txOn = tx.map(IpState.TxSa::active).orElse(false);
            MkaSession.MkaRole role = an == y.encodingSa() && txOn ? MkaSession.MkaRole.PRIMARY
                    : slot.kn() < primaryKn ? MkaSession.MkaRole.PRECEDING : MkaSession.MkaRole.UNKNOWN;
            boolean secured = txOn && !peers.isEmpty() && (!rolling || errors == 0);
            String detail = String.format(Locale.ROOT, "AN %d KN %d: tx %s%s, rx %s; receive errors %s%d since %s",
                    an, slot.kn(), tx.map(t -> t.active() ? "on" : "off").orElse("absent"),
                    tx.map(t -> " pn " + t.pn()).orElse(""),
                    peers.isEmpty() ? "absent" : "on from " + peers, errors > 0 ? "+" : "", errors,
                    rolling ? "this rollover began" : "the last rollover ended")
                    + (an == y.encodingSa() ? "; transmitting" : role == MkaSession.MkaRole.UNKNOWN ? "; installed, not yet transmitting" : "");
            out.add(new MkaSession(s.macsecDevice(), slot.ckn(), role, secured, peers.size(), Optional.of(an), detail));
        });
        return out;
    }
}
