package org.qkdmacsec.lab.kernel;

import java.nio.charset.StandardCharsets;

/** What a command in the guest returned. */
public record ExecResult(int exitCode, byte[] stdout, String stderr) {
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
