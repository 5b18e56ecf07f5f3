package org.qkdmacsec.harness.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * What the model devices saw happen, for the invariants: which keys each device committed and when they
 * became permanent, and every driver call with whether its controller held the device's lock.
 */
final class Recorder {
    /** A commit that added keys to a port; {@code pending} when it awaited confirmation. */
    record Commit(String device, String port, Set<String> ckns, boolean pending, Instant at) { }

    private final List<Commit> commits = new ArrayList<>();
    private final Map<String, Instant> confirmedAt = new HashMap<>();
    private final Map<String, Instant> endedAt = new HashMap<>();
    private final Map<String, Instant> removedAt = new HashMap<>();
    private final List<Slow> slow = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private BiPredicate<String, String> lockHeld = (controller, device) -> true;
    private long calls;

    void lockProbe(BiPredicate<String, String> held) {
        this.lockHeld = held;
    }

    void driverCall(String controller, String device, DeviceOp op) {
        calls++;
        if (!lockHeld.test(controller, device)) {
            violation("lock discipline: " + controller + " called " + op + " on " + device + " without holding its lock");
        }
    }

    void committed(String device, String port, Set<String> ckns, boolean pending, Instant at) {
        if (!ckns.isEmpty()) {
            commits.add(new Commit(device, port, Set.copyOf(ckns), pending, at));
        }
    }

    /** {@code ckns} became permanent on {@code device} (a confirmation, a plain commit, or a later commit). */
    void confirmed(String device, String port, Set<String> ckns, Instant at) {
        ckns.forEach(c -> confirmedAt.putIfAbsent(device + "|" + c, at));
    }

    /** A pending commit of {@code ckns} on {@code device} stopped pending at {@code at} (rolled back or superseded). */
    void rolledBack(String device, Set<String> ckns, Instant at) {
        ckns.forEach(c -> endedAt.putIfAbsent(device + "|" + c, at));
    }

    /** When a pending commit of {@code ckn} on {@code device} stopped pending (confirmed or rolled back), if it did. */
    java.util.Optional<Instant> pendingEnded(String device, String ckn) {
        Instant c = confirmedAt.get(device + "|" + ckn);
        Instant r = endedAt.get(device + "|" + ckn);
        if (c == null) {
            return java.util.Optional.ofNullable(r);
        }
        return java.util.Optional.of(r == null || c.isBefore(r) ? c : r);
    }

    /** A device call that took {@code from}..{@code to} because of an injected slowness. */
    void slowCall(String device, Instant from, Instant to) {
        slow.add(new Slow(device, from, to));
    }

    List<Slow> slowCalls() {
        return List.copyOf(slow);
    }

    record Slow(String device, Instant from, Instant to) { }

    /** A controller dead (killed, or stopped) from {@code from} until its successor started at {@code to}. */
    record Down(String owner, Instant from, Instant to) { }

    private final List<Down> down = new ArrayList<>();

    void controllerDown(String owner, Instant from, Instant to) {
        down.add(new Down(owner, from, to));
    }

    List<Down> controllerDowns() {
        return List.copyOf(down);
    }

    /** When a timed fault really started and cleared on a device (the loop may run its events late). */
    record Window(FaultKind kind, String device, Instant from, Instant to) { }

    private final Map<Integer, Instant> started = new HashMap<>();
    private final List<Window> windows = new ArrayList<>();

    void faultStarted(Fault f, Instant at) {
        started.put(f.index(), at);
    }

    void faultCleared(Fault f, Instant at) {
        Instant from = started.get(f.index());
        if (from != null) {
            windows.add(new Window(f.kind(), f.target(), from, at));
        }
    }

    /** Windows of faults that never cleared run to {@code end}. */
    List<Window> windows(List<Fault> faults, Instant end) {
        List<Window> out = new ArrayList<>(windows);
        for (Fault f : faults) {
            if (started.containsKey(f.index()) && windows.stream().noneMatch(w -> w.kind() == f.kind() && w.from().equals(started.get(f.index())))) {
                out.add(new Window(f.kind(), f.target(), started.get(f.index()), end));
            }
        }
        return out;
    }

    /** A commit removed {@code ckn} from {@code device}'s configuration (the first time). */
    void removed(String device, String ckn, Instant at) {
        removedAt.putIfAbsent(device + "|" + ckn, at);
    }

    java.util.Optional<Instant> removedAt(String device, String ckn) {
        return java.util.Optional.ofNullable(removedAt.get(device + "|" + ckn));
    }

    boolean confirmedOn(String device, String ckn) {
        return confirmedAt.containsKey(device + "|" + ckn);
    }

    List<Commit> commits() {
        return List.copyOf(commits);
    }

    void violation(String what) {
        if (violations.size() < 50) {
            violations.add(what);
        }
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long calls() {
        return calls;
    }
}
