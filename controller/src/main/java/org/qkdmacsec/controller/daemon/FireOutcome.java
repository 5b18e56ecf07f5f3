package org.qkdmacsec.controller.daemon;

import java.util.Optional;

/**
 * What one fire of a link's job did.
 *
 * @param reason why it was skipped ({@code hold_down}, {@code in_progress}, {@code not_in_inventory},
 *               {@code shutting_down}), or {@code periodic} when submitted
 * @param txnId  the transaction it started (or the refusal's record)
 */
record FireOutcome(String linkId, boolean submitted, String reason, Optional<String> txnId) {
    static FireOutcome skipped(String linkId, String reason) {
        return new FireOutcome(linkId, false, reason, Optional.empty());
    }
}
