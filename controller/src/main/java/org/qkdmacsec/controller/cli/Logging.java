package org.qkdmacsec.controller.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Commands that print their own progress lines silence the duplicate step events in the log. */
final class Logging {
    private Logging() { }

    static void progressOnTerminal() {
        if (System.getenv("QKD_MACSEC_LOG_LEVEL") == null) {
            ((Logger) LoggerFactory.getLogger("qkd_macsec.rollover")).setLevel(Level.WARN);
        }
    }
}
