package org.qkdmacsec.spi;

import java.time.Clock;
import java.time.Duration;

/**
 * What the controller lends a driver.
 *
 * @param clock          the controller's clock (simulated in tests); drivers never call
 *                       {@code Instant.now()} directly
 * @param connectTimeout TCP connect + SSH/TLS handshake + login
 * @param rpcTimeout     default bound on one request/response
 */
public record DriverContext(Clock clock, Duration connectTimeout, Duration rpcTimeout) {
    public static DriverContext defaults(Clock clock) {
        return new DriverContext(clock, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
