package org.qkdmacsec.controller.engine;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.spi.KeySlot;

/**
 * The link's row for {@code status}: what the controller last knew, from what the transaction saw
 * (no device is read for it — devices are read only under their locks, by phases). Informative only:
 * the next run reads the devices again.
 */
final class LinkStatus {
    private LinkStatus() { }

    static void record(Scope scope, LinkFacts facts, TxnState state, Optional<Reason> reason, String message) {
        TxnRecord txn = scope.record();
        var journal = scope.ctx().ledger().journal();
        scope.ctx().ledger().attempt("link state of " + scope.link().id(), () -> {
            Optional<LinkStateRecord> prev = journal.linkState(scope.link().id());
            boolean done = state == TxnState.DONE && !txn.keys().isEmpty();
            Instant now = scope.now();
            Optional<TxnKey> first = txn.keys().stream().findFirst();
            // Without new keys of its own, the transaction's read of side A says which key is in service
            // (a run that found the keyring full may end before the one that filled it).
            Optional<KeySlot> seen = facts == null || !facts.scheduled() ? Optional.empty()
                    : KeyRingPlanner.active(facts.view(Side.A).slots(), now);
            Optional<String> activeCkn = done ? first.map(TxnKey::ckn)
                    : seen.map(k -> k.ckn().toLowerCase(Locale.ROOT)).or(() -> prev.flatMap(LinkStateRecord::activeCkn)).or(txn::previousCkn);
            Optional<String> activeKeyId = done ? first.map(TxnKey::keyId)
                    : seen.isPresent() ? activeCkn.flatMap(scope::keyIdOf) : prev.flatMap(LinkStateRecord::activeKeyId);
            Optional<Instant> since = done ? txn.startTime()
                    : seen.isPresent() ? seen.map(KeyRingPlanner::startOf) : prev.flatMap(LinkStateRecord::activeSince);
            Stream<Instant> existing = facts == null ? Stream.empty()
                    : facts.view(Side.A).slots().stream().map(KeyRingPlanner::startOf);
            Stream<Instant> added = state == TxnState.DONE ? txn.keys().stream().map(TxnKey::start) : Stream.empty();
            var future = Stream.concat(existing, added).filter(t -> t.isAfter(now)).distinct().sorted().toList();
            journal.linkState(new LinkStateRecord(scope.link().id(), activeCkn, activeKeyId, since, future.stream().findFirst(),
                    future.size(), Optional.of(txn.id()), Optional.of(state.name()), reason.map(r -> r + ": " + message),
                    done ? Optional.of(now) : prev.flatMap(LinkStateRecord::lastSuccessAt), now));
        });
    }
}
