package org.qkdmacsec.controller.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Names a controller process in the journal ({@code txn.owner}) as {@code host/pid}, so a later
 * process can tell whether the owner of an unfinished transaction is gone (and it may recover it) or
 * still running (and it must not interfere).
 */
public final class OwnerId {
    private OwnerId() { }

    public static String current() {
        return host() + "/" + ProcessHandle.current().pid();
    }

    /**
     * True when {@code owner} ran on this host and that process no longer exists. Owners on other hosts
     * are the HA cluster's business (docs/operations.md), never assumed dead here.
     */
    public static boolean isDeadLocalProcess(String owner) {
        int slash = owner.lastIndexOf('/');
        if (slash < 0 || !owner.substring(0, slash).equals(host())) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(slash + 1));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
