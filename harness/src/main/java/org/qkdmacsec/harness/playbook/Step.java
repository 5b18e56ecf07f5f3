package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step of a playbook.
 *
 * @param targets  its own link selectors; empty: the playbook's {@code targets}
 * @param timeout  its own time bound; empty: the playbook's {@code timeout} (or the action's default)
 * @param expect   rollover steps: the step passes when every target ends this way instead of DONE
 */
public record Step(String name, Position position, Optional<List<Selector>> targets, Optional<Duration> timeout,
                   Action action, Optional<Expectation> expect) { }
