package org.qkdmacsec.controller.engine;

import java.util.function.Supplier;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.JournalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's use of the journal, in two strengths. A write that must precede a device change (the
 * keys and end-times a commit will add, "a commit is being sent") is {@link #must}: if the journal cannot
 * take it, the change is not made. A write that records what already happened is {@link #attempt}: the
 * devices are the truth and recovery reads them, so a lost progress row must not stop a transaction
 * half-way (that is what would leave a link half-keyed).
 */
final class Ledger {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.rollover");
    private static final int TRIES = 3;

    private final Journal journal;

    Ledger(Journal journal) {
        this.journal = journal;
    }

    Journal journal() {
        return journal;
    }

    /** Writes (or reads) through {@code op}, retrying briefly; a lasting failure is a {@link Failure}. */
    <T> T must(String what, Supplier<T> op) {
        JournalException last = null;
        for (int i = 0; i < TRIES; i++) {
            try {
                return op.get();
            } catch (JournalException e) {
                last = e;
            }
        }
        throw new Failure(Reason.JOURNAL_UNAVAILABLE, "the journal cannot record " + what + " (" + last.getMessage()
                + "); nothing was sent for it", last);
    }

    void must(String what, Runnable op) {
        must(what, () -> {
            op.run();
            return null;
        });
    }

    /** Writes through {@code op}, retrying briefly; a lasting failure is logged and returns false. */
    boolean attempt(String what, Runnable op) {
        for (int i = 0; i < TRIES; i++) {
            try {
                op.run();
                return true;
            } catch (JournalException e) {
                if (i == TRIES - 1) {
                    LOG.warn("event=journal_write_failed what=\"{}\" error=\"{}\"", what, e.getMessage());
                }
            }
        }
        return false;
    }
}
