package org.qkdmacsec.driver.junos;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;

/**
 * Reads the staged start-times back from the locked candidate before anything is committed. Junos
 * prints a start-time with the zone it read it in when it shows one ({@code 2026-07-10.21:00:00 +0200});
 * then the instant it shows must be the instant the plan asked for. A device that read our text in
 * another zone than the one we rendered it in (PROTOCOLS.md: Juniper's page says UTC, operators say
 * local) is caught here, with nothing committed. Without a suffix the check cannot tell, and the
 * driver's zone stands (docs/drivers/junos.md says what to check on a real router).
 */
final class StartTimeCheck {
    private StartTimeCheck() {
    }

    static void verify(String device, KeyChainChange change, PortConfig candidate) {
        for (KeyChainChange.NewKey k : change.adds()) {
            Optional<PortConfig.Key> staged = candidate.keys().stream().filter(c -> c.id() == k.id()).findFirst();
            if (staged.isEmpty() || !staged.get().ckn().equalsIgnoreCase(k.add().ckn())) {
                throw new DriverException(Kind.DEVICE_ERROR, device, "key " + k.id() + " (" + k.add().ckn() + ") is not in the"
                        + " candidate after loading it; nothing was committed");
            }
            Instant want = k.add().start().truncatedTo(ChronoUnit.SECONDS);
            Optional<Instant> got = staged.get().start();
            if (got.isPresent() && !got.get().equals(want)) {
                throw new DriverException(Kind.DEVICE_ERROR, device, "the device reads start-time " + k.startTime() + " of key "
                        + k.id() + " as " + got.get() + ", not " + want + " as intended: it reads start-times in another zone"
                        + " than the one this driver rendered them in; nothing was committed (set device option "
                        + DeviceZone.OPTION + " to the zone the router reads start-times in, see docs/drivers/junos.md)");
            }
        }
    }
}
