package org.qkdmacsec.controller.cli;

import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a command that talks to devices needs besides the inventory: the journal and the host-key policy. */
public final class RuntimeOptions {
    @Option(names = "--accept-new-host-keys", description = "Record the SSH host key of a device not yet in its"
            + " known_hosts file (check the fingerprint first). A changed key is always refused.")
    boolean acceptNewHostKeys;

    @Mixin
    JournalOptions journal;

    /** The controller these options describe, on the system clock; the caller closes it. */
    public ControllerRuntime open(Inventory inventory) {
        return ControllerRuntime.builder(inventory, journal.open()).acceptNewHostKeys(acceptNewHostKeys).build();
    }
}
