package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.Capabilities;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.MkaSession;

/**
 * PLANNED: the gates, under both devices' locks, before anything is fetched or staged — reachable, clocks
 * within the skew bound and NTP synchronised, both ends able to do what the link needs (declared
 * capabilities), the same active key and the same future keys on both ends, MKA secured, the KMEs able
 * to serve. Refusals here touch nothing.
 */
final class Preflight {
    /** What preflight found: the ends, the key the rollover replaces, and how many keys it needs. */
    record Outcome(LinkFacts facts, Optional<String> previousCkn, boolean bootstrap, KeyRingPlanner.Plan plan, Duration lead) {
        int keysNeeded() {
            return plan.adds().size();
        }
    }

    private Preflight() { }

    static Outcome run(Held held, Scope scope, RolloverRequest request) {
        Instant t0 = scope.now();
        LinkFacts f = LinkFacts.read(held, scope, Reason.DEVICE_UNREACHABLE);
        checkClocks(scope, f.facts(), scope.ctx().config().skewBound());
        checkCapabilities(scope, f);
        Instant now = scope.now();
        Optional<String> activeA = Planning.activeCkn(f, Side.A, now);
        Optional<String> activeB = Planning.activeCkn(f, Side.B, now);
        boolean emptyA = f.view(Side.A).slots().isEmpty();
        boolean emptyB = f.view(Side.B).slots().isEmpty();
        // Static SAs are runtime state: a rebooted Linux end comes back with none while its peer still
        // transmits the old key. Keying both ends afresh is the repair (the old key is of no use to it).
        boolean repair = !f.scheduled() && emptyA != emptyB;
        if (repair) {
            Side lost = emptyA ? Side.A : Side.B;
            scope.note("repair: " + scope.device(lost) + " holds no SA (restarted?); both ends get a fresh key");
            activeA = emptyA ? activeB : activeA;
        } else if (!activeA.equals(activeB)) {
            throw new Failure(Reason.ACTIVE_KEY_DIFFERS, "active keys differ: " + scope.device(Side.A) + " uses "
                    + Text.ckn(activeA) + ", " + scope.device(Side.B) + " uses " + Text.ckn(activeB));
        }
        if (f.scheduled()) {
            Map<String, Instant> futureA = Planning.futureKeys(f.view(Side.A), now);
            Map<String, Instant> futureB = Planning.futureKeys(f.view(Side.B), now);
            if (!Planning.sameSchedule(futureA, futureB)) {
                throw new Failure(Reason.FUTURE_KEYS_DIFFER, "future keys differ: " + scope.device(Side.A) + " has "
                        + Text.schedule(futureA) + ", " + scope.device(Side.B) + " has " + Text.schedule(futureB));
            }
        }
        crossCheckDescriptions(scope, f, activeA);
        boolean bootstrap = emptyA && emptyB;
        // Keys staged on both ends but none started yet (a first rollover still waiting for its start-time):
        // nothing is in service to check with MKA; the link is secured from that start-time on.
        boolean notYetInService = !bootstrap && !repair && activeA.isEmpty();
        if (bootstrap) {
            scope.note("bootstrap: neither end had a key; the link is secured from the first start-time on");
        } else if (notYetInService) {
            scope.note("no key is in service yet (the first starts later); nothing to check with MKA");
        } else if (!repair) {
            for (Side s : Side.values()) {
                checkMkaSecured(held, scope, f, s, activeA.orElseThrow());
            }
        }
        Duration lead = Planning.lead(scope, request, f, Planning.window(scope),
                scope.ctx().commitTimes().sum(List.of(scope.device(Side.A), scope.device(Side.B))));
        KeyRingPlanner.Plan plan = Planning.plan(scope, request, f, now, lead);
        if (!plan.adds().isEmpty() && request.mode() == RolloverRequest.Mode.EXECUTE) {
            try {
                scope.ctx().keys().check(scope.link(), plan.adds().size()).forEach(scope::note);
            } catch (KeySupplyException e) {
                throw new Failure(e.reason(), e.getMessage(), e);
            }
        }
        scope.step("PREFLIGHT", Optional.empty(), Duration.between(t0, scope.now()), "OK", "active " + Text.ckn(activeA) + ", "
                + plan.adds().size() + " key(s) to add" + (bootstrap ? ", bootstrap" : ""));
        return new Outcome(f, activeA, bootstrap, plan, lead);
    }

    /** Both device clocks within the bound of the controller's and of each other's; NTP where required. */
    static void checkClocks(Scope scope, Map<Side, DeviceFacts> facts, Duration bound) {
        for (Side s : Side.values()) {
            DeviceFacts f = facts.get(s);
            if (f.clockOffset().abs().compareTo(bound) > 0) {
                throw new Failure(Reason.CLOCK_SKEW, scope.device(s) + "'s clock is " + Text.seconds(f.clockOffset())
                        + " off the controller's (bound " + Text.seconds(bound) + "); fix NTP before rolling keys");
            }
            if (scope.link().end(s).requireNtp() && !f.ntpSynchronized()) {
                throw new Failure(Reason.NTP_UNSYNCHRONISED, scope.device(s) + " does not report NTP synchronisation;"
                        + " start-times on both ends must agree");
            }
        }
        Duration between = facts.get(Side.A).clockOffset().minus(facts.get(Side.B).clockOffset()).abs();
        if (between.compareTo(bound) > 0) {
            throw new Failure(Reason.CLOCK_SKEW, "the ends' clocks differ by " + Text.seconds(between) + " (bound "
                    + Text.seconds(bound) + ")");
        }
    }

    /**
     * What the drivers declare decides, before anything is touched, whether the link can be rolled here:
     * both ends activate keys the same way; a scheduled activation needs a commit that rolls back by
     * itself unless confirmed; both support the link's cipher; the key chain has room for the keyring.
     */
    static void checkCapabilities(Scope scope, LinkFacts f) {
        Capabilities a = f.caps().get(Side.A);
        Capabilities b = f.caps().get(Side.B);
        if (a.activation() != b.activation()) {
            throw new Failure(Reason.ACTIVATION_MISMATCH, "the ends activate keys differently (" + scope.device(Side.A) + ": "
                    + a.activation() + ", " + scope.device(Side.B) + ": " + b.activation() + "); a link needs two ends of the same kind");
        }
        List<String> missing = new ArrayList<>();
        for (Side s : Side.values()) {
            Capabilities c = f.caps().get(s);
            CipherSuite cipher = scope.link().end(s).port().cipher();
            if (f.scheduled() && !c.commitConfirmed()) {
                missing.add(scope.device(s) + " cannot commit confirmed (a staged key must roll back by itself if it is"
                        + " never confirmed; enable a transport that supports it)");
            }
            if (!c.cipherSuites().contains(cipher)) {
                missing.add(scope.device(s) + " does not support " + cipher.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            int needed = f.scheduled() ? scope.link().keyringSlots() + 2 : 2;
            if (c.maxKeySlots() < needed) {
                missing.add(scope.device(s) + " holds at most " + c.maxKeySlots() + " key(s), the link needs " + needed
                        + " (keyring-slots + the active and the retiring key)");
            }
        }
        if (!missing.isEmpty()) {
            throw new Failure(Reason.CAPABILITY_MISSING, String.join("; ", missing));
        }
    }

    /**
     * The interface descriptions name the key in service (seed 002): a description that names another
     * key_ID than the active key's means someone changed one end by hand, or an earlier run was cut short.
     * Worth a note, not a refusal: the keys are what MKA uses.
     */
    private static void crossCheckDescriptions(Scope scope, LinkFacts f, Optional<String> active) {
        if (scope.link().description().isEmpty() || active.isEmpty()) {
            return;
        }
        Optional<String> keyId = scope.keyIdOf(active.get());
        for (Side s : Side.values()) {
            Optional<String> named = Descriptions.namedKeyId(f.view(s).description());
            if (keyId.isPresent() && named.isPresent() && !named.equals(keyId)) {
                scope.note(scope.device(s) + "'s interface description names key_ID " + named.get() + ", but the key in service"
                        + " is key_ID " + keyId.get() + "; this rollover writes the description afresh");
            }
        }
    }

    private static void checkMkaSecured(Held held, Scope scope, LinkFacts f, Side s, String ckn) {
        List<MkaSession> sessions = Calls.call(held, scope, s, Reason.DEVICE_UNREACHABLE, d -> d.readMka(f.port(s)));
        boolean secured = sessions.stream().anyMatch(m -> m.ckn().equalsIgnoreCase(ckn) && m.secured());
        if (!secured) {
            throw new Failure(Reason.MKA_NOT_SECURED, scope.device(s) + " does not report MKA secured with the active key "
                    + Text.ckn(Optional.of(ckn)) + " (" + Text.sessions(sessions) + "); a rollover now could not be verified");
        }
    }
}
