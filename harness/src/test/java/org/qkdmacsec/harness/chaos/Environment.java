package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.controller.engine.DriverPool;
import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.lab.mka.TimeInterval;

/**
 * Where a run happens: the in-memory device models ({@link ModelEnvironment}) or the real protocol
 * simulators of {@code lab/} ({@link LabEnvironment}). It builds the scenario's links, hands each
 * controller its sessions and the key supply (with the run's faults injected at their boundaries), and
 * answers the invariants' questions from its ground truth.
 */
interface Environment extends AutoCloseable {
    World world();

    /** When the run's faults may start: the links are keyed before it ({@link ChaosRun#BOOTSTRAP}). */
    default Instant t0() {
        return world().clock().instant().plus(ChaosRun.BOOTSTRAP);
    }

    /** The scenario's links, devices created and unkeyed. */
    Map<String, LinkSpec> links();

    /** A controller's sessions to the devices (faults injected, every call checked against the lock). */
    DriverPool pool(String controller);

    /** The KMEs as the engine sees them (faults injected). */
    KeySupply keys();

    /** Hex and base64 of every key and CAK handed out (the leak scan looks for them). */
    List<String> secrets();

    /** Starts or clears a timed device fault (restart, clock jump); false if this environment cannot. */
    boolean timed(Fault f, boolean start);

    // --- ground truth ---------------------------------------------------------------------------------------

    List<TimeInterval> outages(String link, Instant from, Instant to);

    /** Every stretch during which either end used a key. */
    List<Truth.Use> uses(String link, Instant from, Instant to);

    /** An end's committed keys now (the CAK digest may be empty where the environment cannot see it). */
    PortConfig keys(LinkSpec.End end);

    /** The ends keep key lifetimes with ends (both IOS-XR). */
    boolean endTimes(LinkSpec link);

    boolean scheduled(LinkSpec link);

    /** A device cannot do what the link needs (no confirmed commit): the controller must refuse the link. */
    boolean capabilityGap(LinkSpec link);

    /** A restart of this device loses its keys (Linux SAs are runtime state). */
    boolean restartLosesKeys(String device);

    Duration commitLatency(String device);

    /** Whether both ends made the key permanent; empty where the environment cannot tell. */
    Optional<Boolean> confirmedOnBoth(LinkSpec link, String ckn, Instant start);

    /** Whether descriptions can be checked here. */
    boolean seesDescriptions();

    @Override
    void close();
}
