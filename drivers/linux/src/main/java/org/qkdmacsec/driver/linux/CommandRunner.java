package org.qkdmacsec.driver.linux;

import java.time.Duration;
import java.util.List;

/**
 * Runs one program on the device with bytes on its standard input. The argument vector is public
 * (it shows in {@code ps} and {@code /proc/PID/cmdline}); anything secret goes through stdin.
 */
interface CommandRunner extends AutoCloseable {
    /** Exit code and output of a finished program. */
    record Output(int exitCode, String stdout, String stderr) { }

    /**
     * @throws org.qkdmacsec.spi.DriverException TIMEOUT, SESSION_LOST or CONNECT when the program
     *         could not be run or did not finish; a non-zero exit is returned, not thrown
     */
    Output run(List<String> argv, byte[] stdin, Duration timeout);

    /** Where commands run, for messages: {@code ssh root@192.0.2.7:22} or {@code local}. */
    String describe();

    @Override
    void close();
}
