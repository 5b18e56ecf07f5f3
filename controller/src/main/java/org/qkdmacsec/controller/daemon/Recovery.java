package org.qkdmacsec.controller.daemon;

import java.util.Optional;
import java.util.function.Consumer;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.OwnerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over what dead owners left unfinished (docs/daemon.md "Recovery and high availability"): a
 * cluster member once Quartz's cluster manager has declared it so, any other owner (a CLI process, this
 * daemon's previous life) when it was a process on this host that no longer exists.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");

    private final ControllerRuntime runtime;
    private final String owner;
    private final Optional<ClusterPeers> peers;
    private final Consumer<RolloverResult> finished;

    Recovery(ControllerRuntime runtime, String owner, Optional<ClusterPeers> peers, Consumer<RolloverResult> finished) {
        this.runtime = runtime;
        this.owner = owner;
        this.peers = peers;
        this.finished = finished;
    }

    Optional<ClusterPeers> peers() {
        return peers;
    }

    /** Reconciles the unfinished transactions of dead owners; returns at once (each ends on the engine's threads). */
    void recoverDead() {
        peers.ifPresent(ClusterPeers::refresh);
        runtime.recover(this::deadOwner).forEach(f -> f.thenAccept(r -> {
            LOG.info("event=recovered link={} txn={} state={} reason={}", r.linkId(), r.txnId().orElse("-"), r.state(),
                    r.reason().map(Enum::name).orElse("-"));
            finished.accept(r);
        }));
    }

    boolean deadOwner(TxnRecord t) {
        if (t.owner().equals(owner)) {
            return false;
        }
        if (peers.isPresent() && peers.get().isMember(t.owner())) {
            return peers.get().departed(t.owner());
        }
        return OwnerId.isDeadLocalProcess(t.owner());
    }
}
