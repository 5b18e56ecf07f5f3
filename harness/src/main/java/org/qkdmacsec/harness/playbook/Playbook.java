package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A loaded, checked playbook ({@link PlaybookLoader}), with its variables already substituted.
 *
 * @param source         the file it was read from (as given), used in messages
 * @param variables      the values used (the file's {@code vars} with command-line overrides)
 * @param targets        the links a step without {@code targets} works on
 * @param stopOnFailure  skip the remaining steps after the first failed one
 * @param timeout        the time bound of a step without its own {@code timeout}
 */
public record Playbook(String source, String name, String description, Map<String, String> variables,
                       List<Selector> targets, boolean stopOnFailure, Duration timeout, List<Step> steps) {
    /** Default bound of one step: a rollover waits for lead + activation + overlap, well under this. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public Playbook {
        variables = Map.copyOf(variables);
        targets = List.copyOf(targets);
        steps = List.copyOf(steps);
    }
}
