package org.qkdmacsec.controller.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.MkaSession;

/**
 * ACTIVE: after the start-time, both ends must report MKA secured with the new key (Linux: its SAs in
 * use with no receive errors). One poll, under both devices' locks. A device that cannot be read is not
 * a device that said no: only an answer counts against the new key.
 */
final class Verification {
    enum Verdict { SECURED, NOT_YET, UNREADABLE }

    record Poll(Verdict verdict, String detail) { }

    private Verification() { }

    /**
     * When MKA must have said yes: {@code verify-timeout} after the start-time, or after the first look
     * when that comes late (a transaction recovered after a crash looks long after its start).
     */
    static Instant deadline(Instant start, Instant now, EngineConfig config) {
        Instant normal = start.plus(config.verifyTimeout());
        Instant late = now.plus(config.verifyTimeout()).minus(config.verifySettle());
        return late.isAfter(normal) ? late : normal;
    }

    /**
     * One poll. Any of the transaction's keys counts ({@code ckns}, first to start first): a transaction
     * that staged several keys and is verified late (after a crash) finds a later one of them in service.
     */
    static Poll poll(Held held, Scope scope, LinkFacts f, List<String> ckns) {
        List<String> pending = new ArrayList<>();
        List<String> superseded = new ArrayList<>();
        boolean unreadable = false;
        for (Side s : Side.values()) {
            List<MkaSession> sessions;
            try {
                sessions = held.call(scope.device(s), d -> d.readMka(f.port(s)));
            } catch (DriverException e) {
                unreadable = true;
                pending.add(scope.device(s) + ": " + e.getMessage());
                continue;
            }
            List<MkaSession> live = sessions.stream().filter(m -> m.secured() && m.role() != MkaSession.MkaRole.PRECEDING).toList();
            if (live.stream().anyMatch(m -> ckns.stream().anyMatch(m.ckn()::equalsIgnoreCase))) {
                continue;
            }
            Optional<String> newer;
            try {
                newer = newer(held, scope, f, s, live);
            } catch (DriverException e) {
                unreadable = true;
                pending.add(scope.device(s) + ": " + e.getMessage());
                continue;
            }
            if (newer.isPresent()) {
                superseded.add(scope.device(s) + " " + Text.ckn(newer.get()));
            } else {
                pending.add(scope.device(s) + ": " + Text.sessions(sessions));
            }
        }
        if (pending.isEmpty()) {
            return new Poll(Verdict.SECURED, superseded.isEmpty() ? "new key secured on both ends"
                    : "secured on both ends; already superseded by a newer key (" + String.join(", ", superseded) + ")");
        }
        return new Poll(unreadable ? Verdict.UNREADABLE : Verdict.NOT_YET, String.join("; ", pending));
    }

    /**
     * A secured key that started after ours and has started by now: a later transaction (an immediate
     * rollover, say) has superseded our key, which therefore did its part; reverting ours would take the
     * newer key's successor away. Read from the device's key chain, whose start-times are the truth.
     */
    private static Optional<String> newer(Held held, Scope scope, LinkFacts f, Side s, List<MkaSession> live) {
        Optional<Instant> ours = scope.record().startTime();
        if (live.isEmpty() || ours.isEmpty() || !f.scheduled()) {
            return Optional.empty();
        }
        // The keys read before staging (the previous key, above all) need no second read: only a CKN that
        // appeared since — another transaction's — sends us back to the device's key chain.
        Optional<KeyChainView> fresh = Optional.empty();
        for (MkaSession m : live) {
            Optional<KeySlot> slot = f.view(s).slot(m.ckn());
            if (slot.isEmpty()) {
                if (fresh.isEmpty()) {
                    fresh = Optional.of(held.call(scope.device(s), d -> d.readKeys(f.port(s))));
                }
                slot = fresh.get().slot(m.ckn());
            }
            if (slot.isPresent() && KeyRingPlanner.startOf(slot.get()).isAfter(ours.get())
                    && !KeyRingPlanner.startOf(slot.get()).isAfter(scope.now())) {
                return Optional.of(m.ckn());
            }
        }
        return Optional.empty();
    }
}
