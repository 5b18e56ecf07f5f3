package org.qkdmacsec.harness.cli;

import java.io.PrintWriter;
import java.util.List;
import org.qkdmacsec.harness.playbook.CaseResult;
import org.qkdmacsec.harness.playbook.Progress;

/** A playbook's progress on stderr: one line per step, one per verdict. */
final class PlaybookProgress implements Progress {
    private final PrintWriter err;

    PlaybookProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void step(String label, String action, List<String> targets) {
        err.println("[" + label + "] " + action + (targets.isEmpty() ? "" : " — " + String.join(", ", targets)));
        err.flush();
    }

    @Override
    public void finished(CaseResult c) {
        err.printf("    %-7s %-10s %s%n", status(c), c.target(), c.message());
        err.flush();
    }

    static String status(CaseResult c) {
        return switch (c.status()) {
            case PASSED -> "ok";
            case FAILED -> "FAILED";
            case ERROR -> "ERROR";
            case SKIPPED -> "skipped";
        };
    }
}
