package org.qkdmacsec.driver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.DriverException;

/** transport: local runs real programs with stdin, without a shell. */
class LocalRunnerTest {
    private final LocalRunner runner = new LocalRunner("host-1");

    @Test
    void stdinReachesTheProgramAndOutputComesBack() {
        byte[] big = "0123456789abcdef\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        CommandRunner.Output o = runner.run(List.of("cat"), big, Duration.ofSeconds(30));
        assertEquals(0, o.exitCode());
        assertEquals(big.length, o.stdout().length());
    }

    @Test
    void argumentsAreNotInterpretedByAShell() {
        CommandRunner.Output o = runner.run(List.of("printf", "%s|", "a b", "$HOME", "it's"), new byte[0], Duration.ofSeconds(30));
        assertEquals("a b|$HOME|it's|", o.stdout());
    }

    @Test
    void exitCodesAndStderrAreReturned() {
        CommandRunner.Output o = runner.run(List.of("sh", "-c", "echo oops >&2; exit 3"), new byte[0], Duration.ofSeconds(30));
        assertEquals(3, o.exitCode());
        assertEquals("oops\n", o.stderr());
    }

    @Test
    void aMissingProgramOrAHangIsATypedError() {
        DriverException missing = assertThrows(DriverException.class,
                () -> runner.run(List.of("/nonexistent/ip"), new byte[0], Duration.ofSeconds(30)));
        assertEquals(DriverException.Kind.CONNECT, missing.kind());
        DriverException slow = assertThrows(DriverException.class,
                () -> runner.run(List.of("sleep", "30"), new byte[0], Duration.ofSeconds(1)));
        assertEquals(DriverException.Kind.TIMEOUT, slow.kind());
    }
}
