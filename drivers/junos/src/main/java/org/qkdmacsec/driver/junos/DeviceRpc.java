package org.qkdmacsec.driver.junos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's NETCONF session as the driver's classes use it: an RPC with the per-operation timeout,
 * the device's warnings logged in its own words, and errors turned into {@link DriverException}s.
 */
final class DeviceRpc {
    private static final Logger LOG = LoggerFactory.getLogger(JunosDriver.class);

    private final String device;
    private final NetconfSession netconf;
    private final Duration timeout;

    DeviceRpc(String device, NetconfSession netconf, Duration timeout) {
        this.device = device;
        this.netconf = netconf;
        this.timeout = timeout;
    }

    String device() {
        return device;
    }

    boolean isOpen() {
        return netconf.isOpen();
    }

    RpcReply call(String operation, String body) {
        return call(operation, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code body} (which the caller wipes if it holds a secret) and waits for the reply. */
    RpcReply call(String operation, byte[] body) {
        RpcReply r = netconf.rpc(operation, body, timeout);
        r.warnings().forEach(w -> LOG.info("{}: {} warning: {}", device, operation, w.describe()));
        return r;
    }

    /** An RPC whose rpc-error becomes a {@link DriverException} of {@code onError}. */
    RpcReply require(String operation, String body, Kind onError) {
        RpcReply r = call(operation, body);
        if (r.failed()) {
            throw new DriverException(onError, device, operation + " failed: " + r.errorSummary());
        }
        return r;
    }

    /** Runs a parser; what it cannot read is {@link Kind#PROTOCOL}. */
    <T> T parsed(String what, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new DriverException(Kind.PROTOCOL, device, "cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
