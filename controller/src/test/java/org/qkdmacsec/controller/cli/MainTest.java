package org.qkdmacsec.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void helpTeachesExitCodes() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("Exit codes: 0 ok, 1 operation failed, 2 usage or inventory error"), r[1]);
    }

    @Test
    void versionComesFromTheBuild() {
        String[] r = run("--version");
        assertEquals("0", r[0]);
        assertTrue(r[1].startsWith("qkd-macsec 0."), r[1]);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals("2", run("--no-such-option")[0]);
    }
}
