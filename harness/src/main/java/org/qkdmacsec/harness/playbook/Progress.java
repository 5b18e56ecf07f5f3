package org.qkdmacsec.harness.playbook;

import java.util.List;

/** Hears a run as it goes (the CLI prints it). Called on the runner's thread. */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void step(String label, String action, List<String> targets) {
        }

        @Override
        public void finished(CaseResult result) {
        }
    };

    /** A step starts. */
    void step(String label, String action, List<String> targets);

    /** One step on one target has its verdict. */
    void finished(CaseResult result);
}
