package org.qkdmacsec.controller.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.DriverException;
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
            boolean live = sessions.stream().anyMatch(m -> ckns.stream().anyMatch(m.ckn()::equalsIgnoreCase) && m.secured()
                    && m.role() != MkaSession.MkaRole.PRECEDING);
            if (!live) {
                pending.add(scope.device(s) + ": " + Text.sessions(sessions));
            }
        }
        if (pending.isEmpty()) {
            return new Poll(Verdict.SECURED, "new key secured on both ends");
        }
        return new Poll(unreadable ? Verdict.UNREADABLE : Verdict.NOT_YET, String.join("; ", pending));
    }
}
