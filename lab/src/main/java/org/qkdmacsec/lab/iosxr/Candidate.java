package org.qkdmacsec.lab.iosxr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A CLI session's target configuration: the changes entered since the last commit, in order. As on
 * IOS-XR they are a change list, applied to whatever is committed when {@code commit} runs.
 */
final class Candidate {
    /**
     * One entered change: where it was typed, its line as {@code show configuration} prints it (null for
     * entering a sub-mode, which shows only as the sub-mode's context), and its effect.
     */
    record Edit(List<String> context, String line, UnaryOperator<XrConfig> effect) {
    }

    private final List<Edit> edits = new ArrayList<>();

    /** A change typed in {@code mode}. */
    void add(CliMode mode, String line, UnaryOperator<XrConfig> effect) {
        edits.add(new Edit(mode.context(), line, effect));
    }

    /** Entering {@code mode} creates what it edits (a key chain, a key). */
    void enter(CliMode mode, UnaryOperator<XrConfig> effect) {
        edits.add(new Edit(mode.context(), null, effect));
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    void clear() {
        edits.clear();
    }

    /** All edits as one change applied to a committed configuration. */
    UnaryOperator<XrConfig> asChange() {
        List<Edit> snapshot = List.copyOf(edits);
        return cfg -> {
            XrConfig c = cfg;
            for (Edit e : snapshot) {
                c = e.effect().apply(c);
            }
            return c;
        };
    }

    /** The entered changes nested by mode, as {@code show configuration} prints them. */
    List<String> render() {
        List<String> out = new ArrayList<>();
        List<String> open = List.of();
        for (Edit e : edits) {
            int common = 0;
            while (common < open.size() && common < e.context().size() && open.get(common).equals(e.context().get(common))) {
                common++;
            }
            for (int d = open.size() - 1; d >= common; d--) {
                out.add(" ".repeat(d) + "!");
            }
            for (int d = common; d < e.context().size(); d++) {
                out.add(" ".repeat(d) + e.context().get(d));
            }
            if (e.line() != null) {
                out.add(" ".repeat(e.context().size()) + e.line());
            }
            open = e.context();
        }
        for (int d = open.size() - 1; d >= 0; d--) {
            out.add(" ".repeat(d) + "!");
        }
        return out;
    }
}
