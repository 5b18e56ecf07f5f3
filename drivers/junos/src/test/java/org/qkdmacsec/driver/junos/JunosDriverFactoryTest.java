package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.MacsecDriverFactory;

class JunosDriverFactoryTest {

    @Test
    void registeredWithServiceLoaderAsJunos() {
        assertTrue(ServiceLoader.load(MacsecDriverFactory.class).stream()
                .anyMatch(p -> p.type() == JunosDriverFactory.class && p.get().vendor().equals("junos")));
    }

    @Test
    void confirmWindowIsRoundedUpToWholeMinutes() {
        assertEquals(1, JunosDriver.confirmMinutes("r1", Duration.ofSeconds(1)));
        assertEquals(1, JunosDriver.confirmMinutes("r1", Duration.ofSeconds(30)));
        assertEquals(1, JunosDriver.confirmMinutes("r1", Duration.ofSeconds(60)));
        assertEquals(2, JunosDriver.confirmMinutes("r1", Duration.ofSeconds(60).plusMillis(1)));
        assertEquals(2, JunosDriver.confirmMinutes("r1", Duration.ofSeconds(61)));
        assertEquals(10, JunosDriver.confirmMinutes("r1", Duration.ofMinutes(10)));
        assertEquals(65_535, JunosDriver.confirmMinutes("r1", Duration.ofMinutes(65_535)));
        var e = assertThrows(DriverException.class, () -> JunosDriver.confirmMinutes("r1", Duration.ofMinutes(65_536)));
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind());
    }

    @Test
    void confirmWindowIsRoundedUpToWholeSecondsForTheRfc6241Commit() {
        assertEquals(1, JunosDriver.confirmSeconds("r1", Duration.ofMillis(1)));
        assertEquals(3, JunosDriver.confirmSeconds("r1", Duration.ofSeconds(3)));
        assertEquals(4, JunosDriver.confirmSeconds("r1", Duration.ofMillis(3_001)));
        assertEquals(4_294_967_295L, JunosDriver.confirmSeconds("r1", Duration.ofSeconds(4_294_967_295L)));
        var e = assertThrows(DriverException.class, () -> JunosDriver.confirmSeconds("r1", Duration.ofSeconds(4_294_967_296L)));
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind());
    }

    @Test
    void secondsOnlyWhenTheDeviceAdvertisesConfirmedCommit() {
        assertTrue(JunosDriver.confirmsInSeconds(Set.of("urn:ietf:params:netconf:base:1.0",
                "urn:ietf:params:netconf:capability:confirmed-commit:1.0")));
        assertTrue(JunosDriver.confirmsInSeconds(Set.of("urn:ietf:params:netconf:capability:confirmed-commit:1.1")));
        // Junos' own xml-namespace spelling alone, or no capability: commit-configuration in minutes.
        assertFalse(JunosDriver.confirmsInSeconds(Set.of("urn:ietf:params:netconf:base:1.0",
                "urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0")));
        assertFalse(JunosDriver.confirmsInSeconds(Set.of()));
    }
}
