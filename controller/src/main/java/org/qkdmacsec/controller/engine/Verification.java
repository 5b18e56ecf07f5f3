package org.qkdmacsec.controller.engine;

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

    static Poll poll(Held held, Scope scope, LinkFacts f, String ckn) {
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
            boolean live = sessions.stream().anyMatch(m -> m.ckn().equalsIgnoreCase(ckn) && m.secured()
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
