package org.qkdmacsec.controller.engine;

/**
 * Whether this controller may still change devices for a transaction. A cluster member that was paused
 * and declared dead may wake up after another member took its transactions over: the check runs before
 * every device change, so such a member stops before it touches a device.
 */
@FunctionalInterface
public interface Fence {
    boolean mayAct(String txnId);
}
