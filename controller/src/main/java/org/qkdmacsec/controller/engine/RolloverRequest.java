package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * What to do for one link.
 *
 * @param link      the link
 * @param immediate put a fresh key in service at now + lead (operator rollover, demo); when false
 *                  only top up the keyring and retire consumed keys (the daemon's periodic run)
 * @param lead      overrides the adaptive lead (still never below the confirm window + margin)
 * @param mode      execute, dry run, or plan only
 */
public record RolloverRequest(LinkSpec link, boolean immediate, Optional<Duration> lead, Mode mode) {
    public enum Mode {
        /** Do it. */
        EXECUTE,
        /** Stage placeholder keys on both ends, return the devices' diffs, discard. No KME key is consumed. */
        DRY_RUN,
        /** Read both ends and run the gates; say what would be added and retired. Nothing is staged or journalled. */
        PLAN
    }

    public static RolloverRequest immediate(LinkSpec link) {
        return new RolloverRequest(link, true, Optional.empty(), Mode.EXECUTE);
    }

    public static RolloverRequest periodic(LinkSpec link) {
        return new RolloverRequest(link, false, Optional.empty(), Mode.EXECUTE);
    }
}
