package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.A;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.B;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.C;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/** The CLI lines for one rollover (the sequence docs/drivers/iosxr.md shows). */
class CliCommandsTest {

    @Test
    void rendersOneRollover() {
        try (Secret cak = RolloverFixture.cak()) {
            ChainChange change = RolloverFixture.change(cak);
            List<CliCommands.Line> lines = CliCommands.render(change);
            assertEquals(List.of(
                    "key chain QKD_KC macsec",
                    "key " + B,
                    "key-string password <redacted> cryptographic-algorithm aes-256-cmac",
                    "lifetime 19:47:00 10 july 2026 infinite",
                    "exit",
                    "key " + A,
                    "lifetime 19:47:00 9 july 2026 19:49:00 10 july 2026",
                    "exit",
                    "no key " + C,
                    "exit"), lines.stream().map(CliCommands.Line::display).toList());
            assertEquals("key-string password " + RolloverFixture.KEY_STRING + " cryptographic-algorithm aes-256-cmac",
                    new String(lines.get(2).text()));
            lines.forEach(CliCommands.Line::wipe);
            change.wipe();
            assertTrue(new String(lines.get(2).text()).chars().allMatch(c -> c == 0));
        }
    }

    @Test
    void firstKeysOnAnUnboundInterfaceBindItInTheSameSession() {
        try (Secret cak = RolloverFixture.cak()) {
            ChainChange change = RolloverFixture.change(RolloverFixture.first(cak), ChainRead.absent(), Optional.empty(),
                    Optional.of("MSP"));
            List<CliCommands.Line> lines = CliCommands.render(change);
            assertEquals(List.of(
                    "key chain QKD_KC macsec",
                    "key " + A,
                    "key-string password <redacted> cryptographic-algorithm aes-256-cmac",
                    "lifetime 19:47:00 9 july 2026 infinite",
                    "exit",
                    "exit",
                    "root",
                    "interface HundredGigE0/0/0/0",
                    "macsec psk-keychain QKD_KC policy MSP",
                    "exit"), lines.stream().map(CliCommands.Line::display).toList());
            lines.forEach(CliCommands.Line::wipe);
            change.wipe();
        }
    }

    @Test
    void confirmWindowsAreRoundedUpToWhatXrAccepts() {
        assertEquals("30", CliTransport.confirmArgument(Duration.ofSeconds(10)));
        assertEquals("30", CliTransport.confirmArgument(Duration.ofSeconds(30)));
        assertEquals("46", CliTransport.confirmArgument(Duration.ofMillis(45_500)));
        assertEquals("300", CliTransport.confirmArgument(Duration.ofSeconds(300)));
        assertEquals("minutes 6", CliTransport.confirmArgument(Duration.ofSeconds(301)));
        assertEquals("minutes 10", CliTransport.confirmArgument(Duration.ofMinutes(10)));
        assertEquals(Duration.ofSeconds(360), CliTransport.effectiveWindow(Duration.ofSeconds(301)));
        assertEquals(Duration.ofSeconds(46), GnmiTransport.effectiveWindow(Duration.ofMillis(45_500)));
    }
    @Test
    void twoPortsAreOneSessionWithEachPortsLinesEndingAtTheConfigurationRoot() {
        Port second = new Port("HundredGigE0/0/0/1", "POL", "QKD_KC2", RolloverFixture.PORT.cipher());
        try (Secret cak = RolloverFixture.cak(); Secret cak2 = RolloverFixture.cak()) {
            ChainChange one = RolloverFixture.change(cak);
            ChainChange two = ChangeBuilder.build("xr1", second, RolloverFixture.first(cak2).withDescription("qkd two"),
                    ChainRead.absent(), InterfaceRead.none(), Optional.empty(), RolloverFixture.ZONE, RolloverFixture.T,
                    s -> Type7.encodeCak(s, 11));
            List<String> lines = CliCommands.render(List.of(one, two)).stream().map(CliCommands.Line::display).toList();
            List<String> first = CliCommands.render(one).stream().map(CliCommands.Line::display).toList();
            assertEquals(first, lines.subList(0, first.size()));
            assertEquals(List.of(
                    "key chain QKD_KC2 macsec",
                    "key " + A,
                    "key-string password <redacted> cryptographic-algorithm aes-256-cmac",
                    "lifetime 19:47:00 9 july 2026 infinite",
                    "exit",
                    "exit",
                    "root",
                    "interface HundredGigE0/0/0/1",
                    "macsec psk-keychain QKD_KC2",
                    "description qkd two",
                    "exit"), lines.subList(first.size(), lines.size()));
            one.wipe();
            two.wipe();
        }
    }
}
