package org.qkdmacsec.lab.iosxr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One IOS-XR CLI session, independent of the transport: takes typed lines, returns what the router
 * prints. Configuration goes to a per-session target (candidate) committed to the shared store; modes,
 * prompts, keyword abbreviation, parent-mode fallback and error markers follow IOS-XR.
 */
final class CliSession implements AutoCloseable {
    /** What one line produced: text to print ({@code \n}-separated) and whether the session ends. */
    record Response(String output, boolean close) {
        static Response print(List<String> lines) {
            return new Response(lines.isEmpty() ? "" : String.join("\n", lines) + "\n", false);
        }
    }

    static final String FAILED_COMMIT = "% Failed to commit one or more configuration items during a pseudo-atomic operation. "
            + "All changes made have been reverted. Please issue 'show configuration failed [inheritance]' from this session to view the errors";
    private static final String ASK_COMMIT = "Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:";
    private static final List<String> COMMON = List.of("commit", "abort", "end", "exit", "root", "show", "do");

    private final XrDevice device;
    private final SessionRef me;
    private final Candidate candidate = new Candidate();
    private CliMode mode = CliMode.EXEC;
    private List<ConfigError> lastFailed = List.of();
    private boolean exclusive;
    private boolean timestamps = true;
    private boolean askingToCommit;
    private final CliShow shows;
    private final CliEdits edits;

    CliSession(XrDevice device, SessionRef me) {
        this.device = device;
        this.me = me;
        this.shows = new CliShow(device, candidate, () -> lastFailed, () -> timestamps);
        this.edits = new CliEdits(device, candidate, m -> mode = m);
    }

    String prompt() {
        return askingToCommit ? ASK_COMMIT : "RP/0/RP0/CPU0:" + device.hostname() + mode.promptSuffix() + "#";
    }

    Response handle(String typed) {
        if (askingToCommit) {
            return answerCommitQuestion(typed);
        }
        String trimmed = typed.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("!")) {
            return new Response("", false);
        }
        int promptWidth = prompt().length();
        try {
            return mode.isConfig() ? config(new Cursor(typed)) : exec(new Cursor(typed));
        } catch (CliException e) {
            if (e.kind() == CliException.Kind.INVALID) {
                return Response.print(List.of(" ".repeat(promptWidth + e.column()) + "^", e.getMessage()));
            }
            return Response.print(List.of(e.getMessage()));
        }
    }

    /** Ends the session: the target configuration is discarded and an exclusive lock released. */
    @Override
    public void close() {
        candidate.clear();
        device.store().unlock(me);
    }

    // ---------------------------------------------------------------- exec mode

    private Response exec(Cursor c) throws CliException {
        String k = c.keyword("configure", "show", "terminal", "exit", "logout", "quit");
        switch (k) {
            case "configure" -> {
                c.optKeyword("terminal");
                boolean excl = c.optKeyword("exclusive").isPresent();
                c.end();
                if (excl && !device.store().lockExclusive(me)) {
                    String owner = device.store().exclusiveOwner().map(SessionRef::toString).orElse("another session");
                    return Response.print(List.of("% Failed to open an exclusive configuration session: the configuration is locked by " + owner));
                }
                exclusive = excl;
                mode = CliMode.CONFIG;
                return new Response("", false);
            }
            case "show" -> {
                return Response.print(shows.show(c, false).get());
            }
            case "terminal" -> {
                return Response.print(terminal(c).get());
            }
            default -> {
                c.end();
                return new Response("", true);
            }
        }
    }

    private Supplier<List<String>> terminal(Cursor c) throws CliException {
        String k = c.keyword("length", "width", "exec");
        if (k.equals("exec")) {
            c.keyword("prompt");
            boolean on = c.keyword("timestamp", "no-timestamp").equals("timestamp");
            c.end();
            return () -> {
                timestamps = on;
                return List.of();
            };
        }
        c.number(0, 512);
        c.end();
        return List::of;
    }

    // ---------------------------------------------------------------- configuration modes

    private Response config(Cursor c) throws CliException {
        Cursor probe = c.copy();
        boolean no = probe.nextIsExactly("no");
        if (no) {
            probe.word();
        }
        Cursor.Word first = probe.peek().orElseThrow(CliException::incomplete);
        if (!no) {
            List<String> here = new ArrayList<>(COMMON);
            here.addAll(CliEdits.modeWords(mode));
            Optional<String> k = Cursor.match(first.text(), here.toArray(String[]::new));
            if (k.isPresent() && COMMON.contains(k.get())) {
                return common(c);
            }
        }
        CliException best = null;
        for (CliMode m : modeChain()) {
            if (Cursor.match(first.text(), CliEdits.modeWords(m).toArray(String[]::new)).isEmpty()) {
                continue;
            }
            Cursor attempt = c.copy();
            try {
                if (no) {
                    attempt.word();
                }
                Supplier<String> action = edits.command(m, attempt, no);
                mode = m;
                return new Response(action.get(), false);
            } catch (CliException e) {
                if (best == null || (e.kind() == CliException.Kind.INVALID && best.kind() == CliException.Kind.INVALID && e.column() > best.column())) {
                    best = e;
                }
            }
        }
        throw best != null ? best : CliException.invalidAt(first.column());
    }

    /** The current mode and its parents up to global config, most specific first. */
    private List<CliMode> modeChain() {
        List<CliMode> chain = new ArrayList<>();
        for (CliMode m = mode; m.isConfig(); m = m.parent()) {
            chain.add(m);
        }
        return chain;
    }

    // ---------------------------------------------------------------- commands of every configuration mode

    private Response common(Cursor c) throws CliException {
        String k = c.keyword(COMMON.toArray(String[]::new));
        switch (k) {
            case "commit" -> {
                Optional<Duration> confirm = Optional.empty();
                if (c.optKeyword("confirmed").isPresent()) {
                    if (c.atEnd()) {
                        confirm = Optional.of(Duration.ofSeconds(600));
                    } else if (c.optKeyword("minutes").isPresent()) {
                        confirm = Optional.of(Duration.ofMinutes(c.number(1, 1092)));
                    } else {
                        confirm = Optional.of(Duration.ofSeconds(c.number(30, 65535)));
                    }
                }
                c.end();
                return Response.print(commit(confirm));
            }
            case "abort" -> {
                c.end();
                candidate.clear();
                leaveConfig();
                return new Response("", false);
            }
            case "end" -> {
                c.end();
                return endOrAsk();
            }
            case "exit" -> {
                c.end();
                if (mode.kind() == CliMode.Kind.CONFIG) {
                    return endOrAsk();
                }
                mode = mode.parent();
                return new Response("", false);
            }
            case "root" -> {
                c.end();
                mode = CliMode.CONFIG;
                return new Response("", false);
            }
            case "show" -> {
                return Response.print(shows.show(c, true).get());
            }
            default -> {
                String sub = c.keyword("show", "terminal");
                return Response.print(sub.equals("show") ? shows.show(c, false).get() : terminal(c).get());
            }
        }
    }

    private Response endOrAsk() {
        if (candidate.isEmpty()) {
            leaveConfig();
        } else {
            askingToCommit = true;
        }
        return new Response("", false);
    }

    private Response answerCommitQuestion(String typed) {
        String a = typed.strip().toLowerCase(Locale.ROOT);
        if (a.isEmpty() || "cancel".startsWith(a)) {
            askingToCommit = false;
            return new Response("", false);
        }
        if ("yes".startsWith(a)) {
            askingToCommit = false;
            List<String> out = commit(Optional.empty());
            if (candidate.isEmpty()) {
                leaveConfig();
            }
            return Response.print(out);
        }
        if ("no".startsWith(a)) {
            askingToCommit = false;
            candidate.clear();
            leaveConfig();
            return new Response("", false);
        }
        return Response.print(List.of("% Please answer 'yes', 'no' or 'cancel'."));
    }

    private void leaveConfig() {
        mode = CliMode.EXEC;
        if (exclusive) {
            device.store().unlock(me);
            exclusive = false;
        }
    }

    private List<String> commit(Optional<Duration> confirm) {
        ConfigStore store = device.store();
        boolean confirmingOwnTrial = store.trial().map(t -> t.owner().equals(me)).orElse(false);
        try {
            ConfigStore.Committed r = store.commit(me, candidate.asChange(), confirm, null);
            candidate.clear();
            lastFailed = List.of();
            if (r == ConfigStore.Committed.NO_CHANGES && confirm.isEmpty() && !confirmingOwnTrial) {
                return List.of("% No configuration changes to commit.");
            }
            return List.of();
        } catch (ConfigRejectedException e) {
            lastFailed = e.errors();
            return List.of(FAILED_COMMIT);
        } catch (CommitRefusedException e) {
            if (e.reason() == CommitRefusedException.Reason.FAULT) {
                lastFailed = List.of(new ConfigError(List.of(), "commit", e.getMessage()));
                return List.of(FAILED_COMMIT);
            }
            return List.of("% Failed to commit: " + e.getMessage());
        }
    }
}
