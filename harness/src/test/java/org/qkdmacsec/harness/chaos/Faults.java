package org.qkdmacsec.harness.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The faults of one run as they fire: counts calls at every boundary and answers "what happens to this
 * one". Faults fire once. {@link #heal()} switches everything off for the final, fault-free phase.
 */
final class Faults {
    private final List<Fault> faults;
    private final Map<String, Integer> deviceCalls = new HashMap<>();
    private final Map<FaultKind, Integer> fired = new EnumMap<>(FaultKind.class);
    private int kmeCalls;
    private int journalCalls;
    private boolean healed;
    private boolean armed;

    Faults(List<Fault> faults) {
        this.faults = List.copyOf(faults);
    }

    List<Fault> all() {
        return faults;
    }

    /** From now on calls are counted and faults fire (the links' first keys are put in place unarmed). */
    void arm() {
        armed = true;
    }

    void heal() {
        healed = true;
    }

    boolean healed() {
        return healed;
    }

    /** Faults fire only between {@link #arm()} and {@link #heal()}. */
    boolean active() {
        return armed && !healed;
    }

    Map<FaultKind, Integer> fired() {
        return Map.copyOf(fired);
    }

    void fired(FaultKind k) {
        fired.merge(k, 1, Integer::sum);
    }

    DeviceAction onDeviceCall(String device, DeviceOp op) {
        if (!armed) {
            return DeviceAction.NONE;
        }
        int n = deviceCalls.merge(device + "|" + op, 1, Integer::sum);
        if (healed) {
            return DeviceAction.NONE;
        }
        for (Fault f : faults) {
            if (f.kind().where == FaultKind.Where.DEVICE_CALL && f.target().equals(device) && f.op() == op && f.nth() == n) {
                fired(f.kind());
                return switch (f.kind()) {
                    case DEVICE_DROP_BEFORE -> DeviceAction.of(DeviceAction.Kind.DROP_BEFORE);
                    case DEVICE_DROP_AFTER -> DeviceAction.of(DeviceAction.Kind.DROP_AFTER);
                    case DEVICE_TIMEOUT_AFTER -> DeviceAction.of(DeviceAction.Kind.TIMEOUT_AFTER);
                    case DEVICE_REFUSE -> DeviceAction.of(DeviceAction.Kind.REFUSE);
                    case DEVICE_SLOW -> new DeviceAction(DeviceAction.Kind.SLOW, f.lasting());
                    default -> DeviceAction.NONE;
                };
            }
        }
        return DeviceAction.NONE;
    }

    /** The fault for the next KME call (fetch or status), if one is due. */
    Optional<FaultKind> onKmeCall(boolean status) {
        if (!armed) {
            return Optional.empty();
        }
        int n = ++kmeCalls;
        if (healed) {
            return Optional.empty();
        }
        for (Fault f : faults) {
            boolean statusFault = f.kind() == FaultKind.KME_STATUS_DOWN;
            if (f.kind().where == FaultKind.Where.KME && f.nth() == n && statusFault == status) {
                fired(f.kind());
                return Optional.of(f.kind());
            }
        }
        return Optional.empty();
    }

    /** Whether the next journal statement fails (a write failure: statements nth .. nth + count - 1). */
    boolean onJournalCall() {
        if (!armed) {
            return false;
        }
        int n = ++journalCalls;
        if (healed) {
            return false;
        }
        for (Fault f : faults) {
            if (f.kind() == FaultKind.JOURNAL_WRITE_FAILURE && n >= f.nth() && n < f.nth() + f.lasting().toSeconds()) {
                fired(f.kind());
                return true;
            }
        }
        return false;
    }

    List<Fault> ofKind(FaultKind k) {
        List<Fault> out = new ArrayList<>();
        faults.forEach(f -> {
            if (f.kind() == k) {
                out.add(f);
            }
        });
        return out;
    }
}
