package org.qkdmacsec.harness.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyPlan;

/**
 * One port's committed configuration in a model device: its keys (CKN, a digest standing for the CAK,
 * start, end) and, for Linux, which key transmits. Immutable; {@link #apply} returns the next one or
 * refuses the plan as the device would.
 */
record PortConfig(List<Key> keys, Optional<String> transmit, Optional<String> description) {
    /** A configured key; {@code cak} is a digest of the real CAK, enough to tell whether two ends agree. */
    record Key(String ckn, String cak, Instant start, Optional<Instant> end) { }

    static final PortConfig EMPTY = new PortConfig(List.of(), Optional.empty(), Optional.empty());

    PortConfig(List<Key> keys, Optional<String> transmit) {
        this(keys, transmit, Optional.empty());
    }

    PortConfig {
        keys = keys.stream().sorted(Comparator.comparing(Key::start).thenComparing(Key::ckn)).toList();
    }

    Optional<Key> key(String ckn) {
        return keys.stream().filter(k -> k.ckn().equalsIgnoreCase(ckn)).findFirst();
    }

    /** The plan applied as the device family applies it; a plan the device refuses throws. */
    PortConfig apply(String device, Flavor flavor, KeyPlan plan, java.util.function.Function<KeyPlan.Add, String> cakOf) {
        Map<String, Key> next = new LinkedHashMap<>();
        keys.forEach(k -> next.put(k.ckn(), k));
        Optional<String> tx = transmit;
        for (KeyPlan.Remove r : plan.removes()) {
            String ckn = r.ckn().toLowerCase();
            if (flavor == Flavor.LINUX && tx.map(ckn::equals).orElse(false)) {
                throw refused(device, "cannot remove " + ckn + ": it transmits with it");
            }
            next.remove(ckn);
        }
        for (KeyPlan.EndChange c : plan.endChanges()) {
            if (!flavor.endTimes) {
                throw refused(device, "keys have no end-times here");
            }
            Key k = next.get(c.ckn().toLowerCase());
            if (k == null) {
                throw refused(device, "cannot move the end of " + c.ckn() + ": no such key");
            }
            if (c.end().isPresent() && !c.end().get().isAfter(k.start())) {
                throw refused(device, "key " + c.ckn() + " would end before it starts");
            }
            next.put(k.ckn(), new Key(k.ckn(), k.cak(), k.start(), c.end()));
        }
        for (KeyPlan.Add a : plan.adds()) {
            String ckn = a.ckn().toLowerCase();
            if (next.containsKey(ckn)) {
                throw refused(device, "key " + ckn + " exists already");
            }
            if (flavor == Flavor.JUNOS && next.values().stream().anyMatch(k -> k.start().equals(a.start()))) {
                // Two keys with one start-time are ambiguous; Junos refuses the commit.
                throw refused(device, "another key starts at " + a.start());
            }
            Optional<Instant> end = flavor.endTimes ? a.end() : Optional.empty();
            if (end.isPresent() && !end.get().isAfter(a.start())) {
                throw refused(device, "key " + ckn + " would end before it starts");
            }
            next.put(ckn, new Key(ckn, cakOf.apply(a), flavor.scheduled() ? a.start() : Instant.EPOCH, end));
        }
        if (next.size() > flavor.maxKeys) {
            throw refused(device, "at most " + flavor.maxKeys + " keys fit, the plan leaves " + next.size());
        }
        if (plan.description().isPresent() && plan.description().get().length() > 255) {
            throw new DriverException(DriverException.Kind.INVALID_REQUEST, device, "description longer than 255 characters");
        }
        return new PortConfig(new ArrayList<>(next.values()), tx, plan.description().or(() -> description));
    }

    PortConfig transmitting(String ckn) {
        return new PortConfig(keys, Optional.of(ckn), description);
    }

    private static DriverException refused(String device, String why) {
        return new DriverException(DriverException.Kind.DEVICE_ERROR, device, why);
    }
}
