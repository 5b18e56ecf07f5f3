package org.qkdmacsec.controller.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.Secret;

class ApiServerTest {
    @Test
    void refusesToListenOnANonLoopbackAddressWithoutAToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiServer.start("0.0.0.0", 0, Optional.empty(), null, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
    }

    @Test
    void bearerTokensAreComparedWhole() {
        try (Secret s = Secret.copyOf("tok-123".getBytes(StandardCharsets.UTF_8))) {
            BearerToken t = new BearerToken(s);
            assertTrue(t.accepts(Optional.of("Bearer tok-123")));
            assertTrue(t.accepts(Optional.of("bearer tok-123")), "the scheme is case-insensitive (RFC 7235)");
            assertFalse(t.accepts(Optional.empty()));
            assertFalse(t.accepts(Optional.of("Bearer tok-12")));
            assertFalse(t.accepts(Optional.of("Bearer tok-1234")));
            assertFalse(t.accepts(Optional.of("Basic dG9rLTEyMw==")));
            assertFalse(t.accepts(Optional.of("tok-123")));
        }
    }
}
