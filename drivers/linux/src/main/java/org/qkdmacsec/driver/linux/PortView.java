package org.qkdmacsec.driver.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One port's MACsec state on the device, with the key record reconciled against the SAs that really
 * exist: a record entry counts only while an SA with its key identifier is installed at its AN.
 */
record PortView(IpState.Link parent, Optional<IpState.Link> macsecLink, Optional<IpState.SecY> secy, SlotRecord record,
                Sci ownSci, Optional<String> description) {

    /** Reads the port from {@code state}; throws INVALID_REQUEST when the parent is missing or unfit. */
    static PortView of(IpState state, PortSettings s, String device, String where) {
        IpState.Link parent = state.link(s.parent()).orElseThrow(() -> PortSettings.invalid(device, "interface '"
                + s.parent() + "' does not exist" + where));
        Optional<IpState.Link> link = state.link(s.macsecDevice());
        Optional<IpState.SecY> secy = state.secy(s.macsecDevice());
        if (link.isPresent() && secy.isEmpty()) {
            throw PortSettings.invalid(device, "'" + s.macsecDevice() + "' exists but is not a MACsec device" + where);
        }
        if (link.isPresent() && !link.get().parent().map(s.parent()::equals).orElse(false)) {
            throw PortSettings.invalid(device, "MACsec device '" + s.macsecDevice() + "' runs on "
                    + link.get().parent().orElse("another namespace's device") + ", not on '" + s.parent() + "'" + where);
        }
        Sci own;
        try {
            own = secy.map(IpState.SecY::sci).orElseGet(() -> Sci.of(parent.mac(), s.sciPort()));
        } catch (IllegalArgumentException e) {
            throw PortSettings.invalid(device, "interface '" + s.parent() + "' has no usable MAC address" + where);
        }
        MacsecAlias alias = MacsecAlias.parse(link.flatMap(IpState.Link::alias));
        SlotRecord raw = alias.record();
        SortedMap<Integer, SlotRecord.Slot> live = new TreeMap<>();
        raw.slots().forEach((an, slot) -> {
            if (secy.isPresent() && hasSa(secy.get(), an, SaKeys.keyIdOf(slot.ckn()))) {
                live.put(an, slot);
            }
        });
        return new PortView(parent, link, secy, new SlotRecord(raw.lastKn(), raw.errorBaseline(), live), own, alias.description());
    }

    /** An SA (transmit, or receive from any peer) with key identifier {@code keyId} is installed at {@code an}. */
    boolean hasSa(int an, String keyId) {
        return secy.map(y -> hasSa(y, an, keyId)).orElse(false);
    }

    private static boolean hasSa(IpState.SecY y, int an, String keyId) {
        return y.txSa(an).map(t -> t.keyId().equals(keyId)).orElse(false)
                || y.rxScs().stream().anyMatch(c -> c.sa(an).map(r -> r.keyId().equals(keyId)).orElse(false));
    }

    /** Association numbers holding any SA (ours or not). */
    TreeSet<Integer> occupiedAns() {
        TreeSet<Integer> used = new TreeSet<>();
        secy.ifPresent(y -> {
            y.txSas().forEach(t -> used.add(t.an()));
            y.rxScs().forEach(c -> c.sas().forEach(r -> used.add(r.an())));
        });
        return used;
    }

    /**
     * Where this end installs its next key: the current encoding AN when no SA exists at all (a fresh
     * device), else the first free AN after it, in the order 802.1AE cycles through them.
     */
    Optional<Integer> nextAn() {
        int enc = secy.map(IpState.SecY::encodingSa).orElse(0);
        TreeSet<Integer> used = occupiedAns();
        if (used.isEmpty()) {
            return Optional.of(enc);
        }
        for (int i = 1; i < 4; i++) {
            int an = (enc + i) % 4;
            if (!used.contains(an)) {
                return Optional.of(an);
            }
        }
        return Optional.empty();
    }

    /** The CKN this end transmits with: the record's key at the encoding AN, if its TX SA is on. */
    Optional<String> sendingCkn() {
        return secy.flatMap(y -> Optional.ofNullable(record.slots().get(y.encodingSa()))
                .filter(slot -> y.txSa(y.encodingSa()).map(t -> t.active() && t.keyId().equals(SaKeys.keyIdOf(slot.ckn())))
                        .orElse(false))
                .map(SlotRecord.Slot::ckn));
    }

    /** The newest (highest key number) of our keys with an active receive SA. */
    Optional<String> newestReceivingCkn() {
        return record.slots().entrySet().stream()
                .filter(e -> !receivingPeers(e.getKey(), e.getValue().ckn()).isEmpty())
                .max(Map.Entry.comparingByValue((x, y) -> Long.compare(x.kn(), y.kn())))
                .map(e -> e.getValue().ckn());
    }

    /** Receive channels with an active SA for {@code ckn} at {@code an}. */
    List<Sci> receivingPeers(int an, String ckn) {
        List<Sci> out = new ArrayList<>();
        String id = SaKeys.keyIdOf(ckn);
        secy.ifPresent(y -> y.rxScs().forEach(c -> c.sa(an).filter(r -> r.active() && c.active() && r.keyId().equals(id))
                .ifPresent(r -> out.add(c.sci()))));
        return out;
    }

    /** SAs installed by someone else (not in our record), as {@code AN → key identifier}. */
    SortedMap<Integer, String> foreignSas() {
        SortedMap<Integer, String> out = new TreeMap<>();
        secy.ifPresent(y -> {
            y.txSas().stream().filter(t -> !record.slots().containsKey(t.an())).forEach(t -> out.put(t.an(), t.keyId()));
            y.rxScs().forEach(c -> c.sas().stream().filter(r -> !record.slots().containsKey(r.an()))
                    .forEach(r -> out.putIfAbsent(r.an(), r.keyId())));
        });
        return out;
    }

    long receiveErrors() {
        return secy.map(IpState.SecY::receiveErrors).orElse(0L);
    }

    /** What commit compares against the staged state to detect a concurrent change. */
    String fingerprint() {
        StringBuilder b = new StringBuilder();
        macsecLink.flatMap(IpState.Link::alias).ifPresent(a -> b.append("alias=").append(a).append(';'));
        secy.ifPresent(y -> {
            b.append("enc=").append(y.encodingSa()).append(";tx=");
            y.txSas().forEach(t -> b.append(t.an()).append(':').append(t.keyId()).append(','));
            y.rxScs().forEach(c -> {
                b.append(";rx ").append(c.sci()).append('=');
                c.sas().forEach(r -> b.append(r.an()).append(':').append(r.keyId()).append(','));
            });
        });
        return b.toString();
    }
}
