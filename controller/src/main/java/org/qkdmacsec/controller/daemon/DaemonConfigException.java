package org.qkdmacsec.controller.daemon;

import java.util.List;

/** The daemon configuration file is unreadable or invalid; {@link #problems()} names every bad key. */
public final class DaemonConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public DaemonConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
