package org.qkdmacsec.lab.iosxr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

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
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};

    private final XrDevice device;
    private final SessionRef me;
    private final Candidate candidate = new Candidate();
    private CliMode mode = CliMode.EXEC;
    private List<ConfigError> lastFailed = List.of();
    private boolean exclusive;
    private boolean timestamps = true;
    private boolean askingToCommit;

    CliSession(XrDevice device, SessionRef me) {
        this.device = device;
        this.me = me;
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
                return Response.print(show(c, false).get());
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

    private Supplier<List<String>> show(Cursor c, boolean inConfig) throws CliException {
        String k = c.keyword("clock", "key", "macsec", "running-config", "configuration", "version", "ntp");
        Supplier<List<String>> body = switch (k) {
            case "clock" -> {
                c.end();
                yield () -> ShowCommands.clock(device.clock());
            }
            case "version" -> {
                c.end();
                yield () -> ShowCommands.version(device.hostname());
            }
            case "ntp" -> {
                c.keyword("status");
                c.end();
                yield () -> ShowCommands.ntpStatus(device.ntpSynchronized());
            }
            case "key" -> showKeyChain(c);
            case "macsec" -> showMka(c);
            case "running-config" -> showRunning(c);
            default -> showConfiguration(c, inConfig);
        };
        return () -> {
            List<String> out = new ArrayList<>();
            if (timestamps) {
                out.add(ShowCommands.timestamp(device.clock()));
            }
            out.addAll(body.get());
            return out;
        };
    }

    private Supplier<List<String>> showKeyChain(Cursor c) throws CliException {
        c.keyword("chain");
        Optional<String> name = c.atEnd() ? Optional.empty() : Optional.of(c.word().text());
        c.end();
        return () -> {
            XrConfig cfg = device.store().committed();
            List<KeyChain> chains = name.map(n -> Optional.ofNullable(cfg.chains().get(n)).stream().toList())
                    .orElseGet(() -> List.copyOf(cfg.chains().values()));
            return ShowCommands.keyChains(chains, device.clock());
        };
    }

    private Supplier<List<String>> showMka(Cursor c) throws CliException {
        c.keyword("mka");
        c.keyword("session");
        Optional<String> iface = Optional.empty();
        boolean detail = false;
        while (!c.atEnd()) {
            String k = c.keyword("interface", "detail");
            if (k.equals("detail")) {
                detail = true;
            } else {
                iface = Optional.of(interfaceName(c));
            }
        }
        boolean showDetail = detail;
        Optional<String> only = iface;
        return () -> {
            XrConfig cfg = device.store().committed();
            List<String> names = only.map(List::of).orElseGet(() -> List.copyOf(device.interfaces().names()));
            List<MkaSessionState> sessions = names.stream().flatMap(n -> device.mka().session(cfg, n).stream()).toList();
            if (sessions.isEmpty()) {
                return List.of();
            }
            if (!showDetail) {
                return ShowCommands.mkaSummary(sessions);
            }
            List<String> out = new ArrayList<>();
            sessions.forEach(s -> out.addAll(ShowCommands.mkaDetail(s)));
            return out;
        };
    }

    private Supplier<List<String>> showRunning(Cursor c) throws CliException {
        if (c.atEnd()) {
            return () -> {
                List<String> out = new ArrayList<>(List.of("Building configuration...", "!! IOS XR Configuration " + ShowCommands.SOFTWARE_VERSION,
                        "hostname " + device.hostname()));
                out.addAll(CliRender.running(device.store().committed()));
                out.add("end");
                out.add("");
                return out;
            };
        }
        String k = c.keyword("key", "interface");
        if (k.equals("key")) {
            c.keyword("chain");
            Optional<String> name = c.atEnd() ? Optional.empty() : Optional.of(c.word().text());
            c.end();
            return () -> {
                List<String> out = new ArrayList<>();
                device.store().committed().chains().values().stream()
                        .filter(ch -> name.map(n -> n.equals(ch.name())).orElse(true))
                        .forEach(ch -> out.addAll(CliRender.chain(ch)));
                return out;
            };
        }
        String name = interfaceName(c);
        c.end();
        return () -> Optional.ofNullable(device.store().committed().interfaces().get(name)).map(CliRender::iface).orElse(List.of());
    }

    private Supplier<List<String>> showConfiguration(Cursor c, boolean inConfig) throws CliException {
        boolean failed = c.optKeyword("failed").isPresent();
        c.end();
        if (failed) {
            return this::renderFailed;
        }
        if (!inConfig) {
            throw CliException.incomplete();
        }
        return () -> {
            List<String> out = new ArrayList<>(List.of("Building configuration...", "!! IOS XR Configuration " + ShowCommands.SOFTWARE_VERSION));
            out.addAll(candidate.render());
            out.add("end");
            out.add("");
            return out;
        };
    }

    private List<String> renderFailed() {
        if (lastFailed.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(
                "!! SEMANTIC ERRORS: This configuration was rejected by ",
                "!! the system due to semantic errors. The individual ",
                "!! errors with each failed configuration command can be ",
                "!! found below.",
                "",
                ""));
        lastFailed.forEach(e -> out.addAll(CliRender.failed(e)));
        out.add("end");
        out.add("");
        return out;
    }

    private String interfaceName(Cursor c) throws CliException {
        Cursor.Word w = c.word();
        Optional<String> name = device.interfaces().resolve(w.text());
        if (name.isEmpty() && !c.atEnd()) {
            Cursor probe = c.copy();
            Optional<String> joined = device.interfaces().resolve(w.text() + probe.word().text());
            if (joined.isPresent()) {
                c.word();
                return joined.get();
            }
        }
        return name.orElseThrow(() -> CliException.invalidAt(w.column()));
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
            here.addAll(modeWords(mode));
            Optional<String> k = Cursor.match(first.text(), here.toArray(String[]::new));
            if (k.isPresent() && COMMON.contains(k.get())) {
                return common(c);
            }
        }
        CliException best = null;
        for (CliMode m : modeChain()) {
            if (Cursor.match(first.text(), modeWords(m).toArray(String[]::new)).isEmpty()) {
                continue;
            }
            Cursor attempt = c.copy();
            try {
                if (no) {
                    attempt.word();
                }
                Supplier<String> action = modeCommand(m, attempt, no);
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

    private static List<String> modeWords(CliMode m) {
        return switch (m.kind()) {
            case EXEC -> List.of();
            case CONFIG -> List.of("key", "interface");
            case KEYCHAIN -> List.of("macsec");
            case MACSEC_KEYCHAIN -> List.of("key");
            case MACSEC_KEY -> List.of("key-string", "lifetime");
            case INTERFACE -> List.of("macsec", "description");
        };
    }

    private Supplier<String> modeCommand(CliMode m, Cursor c, boolean no) throws CliException {
        String k = c.keyword(modeWords(m).toArray(String[]::new));
        return switch (m.kind()) {
            case CONFIG -> k.equals("key") ? keyChainCommand(c, no) : interfaceCommand(c, no);
            case KEYCHAIN -> macsecCommand(m, c, no);
            case MACSEC_KEYCHAIN -> keyCommand(m, c, no);
            case MACSEC_KEY -> k.equals("key-string") ? keyStringCommand(m, c, no) : lifetimeCommand(m, c, no);
            case INTERFACE -> k.equals("macsec") ? pskCommand(m, c, no) : descriptionCommand(m, c, no);
            case EXEC -> throw c.invalidHere();
        };
    }

    private Supplier<String> keyChainCommand(Cursor c, boolean no) throws CliException {
        c.keyword("chain");
        Cursor.Word name = c.word();
        if (name.text().length() > XrValidator.MAX_NAME) {
            throw CliException.invalidAt(name.column());
        }
        String chain = name.text();
        if (no) {
            c.end();
            return () -> edit(CliMode.CONFIG, "no key chain " + chain, cfg -> cfg.withoutChain(chain));
        }
        boolean macsec = c.optKeyword("macsec").isPresent();
        c.end();
        return () -> {
            CliMode next = macsec ? CliMode.macsecKeychain(chain) : CliMode.keychain(chain);
            candidate.enter(next, cfg -> cfg.editChain(chain, ch -> macsec ? ch.withMacsec(true) : ch));
            mode = next;
            return "";
        };
    }

    private Supplier<String> interfaceCommand(Cursor c, boolean no) throws CliException {
        String name = interfaceName(c);
        c.end();
        if (no) {
            return () -> edit(CliMode.CONFIG, "no interface " + name, cfg -> cfg.editInterface(name, i -> InterfaceConfig.empty(name)));
        }
        return () -> {
            mode = CliMode.iface(name);
            return "";
        };
    }

    private Supplier<String> macsecCommand(CliMode m, Cursor c, boolean no) throws CliException {
        c.end();
        String chain = m.chain();
        if (no) {
            return () -> edit(m, "no macsec", cfg -> cfg.editChain(chain, ch -> ch.withMacsec(false)));
        }
        return () -> {
            CliMode next = CliMode.macsecKeychain(chain);
            candidate.enter(next, cfg -> cfg.editChain(chain, ch -> ch.withMacsec(true)));
            mode = next;
            return "";
        };
    }

    private Supplier<String> keyCommand(CliMode m, Cursor c, boolean no) throws CliException {
        Cursor.Word w = c.word();
        String ckn = w.text();
        if (!XrValidator.isHex(ckn) || ckn.length() > XrValidator.MAX_CKN_HEX) {
            throw CliException.invalidAt(w.column());
        }
        c.end();
        String chain = m.chain();
        if (no) {
            return () -> edit(m, "no key " + ckn, cfg -> cfg.editChain(chain, ch -> ch.withoutKey(ckn)));
        }
        return () -> {
            CliMode next = CliMode.macsecKey(chain, ckn);
            candidate.enter(next, cfg -> cfg.editChain(chain, ch -> ch.keys().containsKey(ckn) ? ch : ch.withKey(MacsecKey.named(ckn))));
            mode = next;
            return "";
        };
    }

    private Supplier<String> keyStringCommand(CliMode m, Cursor c, boolean no) throws CliException {
        if (no) {
            return () -> editKey(m, "no key-string", k -> k.withKeyString(null));
        }
        boolean clear = false;
        boolean password = false;
        if (c.nextIsExactly("clear")) {
            c.word();
            clear = true;
        } else if (c.nextIsExactly("password")) {
            c.word();
            password = true;
        }
        Cursor.Word text = c.word();
        c.keyword("cryptographic-algorithm");
        CmacAlgorithm alg = CmacAlgorithm.fromYang(c.keyword("aes-128-cmac", "aes-256-cmac")).orElseThrow();
        c.end();
        boolean looksClear = XrValidator.isHex(text.text()) && (text.text().length() == 32 || text.text().length() == 64);
        if (clear && !XrValidator.isHex(text.text())) {
            throw CliException.invalidAt(text.column());
        }
        // The router never keeps a CAK in clear: clear input is stored type-7 encoded, like its running-config shows it.
        String type7 = clear || (!password && looksClear)
                ? Type7.encode(text.text(), ThreadLocalRandom.current().nextInt(16))
                : text.text();
        KeyString ks = new KeyString(type7, alg);
        return () -> editKey(m, CliRender.keyStringLine(ks), k -> k.withKeyString(ks));
    }

    private Supplier<String> lifetimeCommand(CliMode m, Cursor c, boolean no) throws CliException {
        if (no) {
            return () -> editKey(m, "no lifetime", k -> k.withLifetime(null));
        }
        XrTime start = xrTime(c);
        Lifetime.End end;
        Optional<String> k = c.peek().flatMap(w -> Cursor.match(w.text(), "infinite", "duration"));
        if (k.isPresent()) {
            c.word();
            end = k.get().equals("infinite") ? new Lifetime.Infinite() : new Lifetime.ForSeconds(c.number(1, Lifetime.ForSeconds.MAX));
        } else {
            end = new Lifetime.Until(xrTime(c));
        }
        c.end();
        Lifetime lt = new Lifetime(start, end);
        return () -> editKey(m, CliRender.lifetimeLine(lt), key -> key.withLifetime(lt));
    }

    /** {@code hh:mm:ss day month year}, or {@code hh:mm:ss month day year}. */
    private static XrTime xrTime(Cursor c) throws CliException {
        Cursor.Word t = c.word();
        String[] hms = t.text().split(":", -1);
        int[] v = new int[3];
        int[] max = {23, 59, 59};
        if (hms.length != 3) {
            throw CliException.invalidAt(t.column());
        }
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Integer.parseInt(hms[i]);
            } catch (NumberFormatException e) {
                throw CliException.invalidAt(t.column());
            }
            if (hms[i].isEmpty() || hms[i].length() > 2 || v[i] < 0 || v[i] > max[i]) {
                throw CliException.invalidAt(t.column());
            }
        }
        int day;
        String month;
        if (c.peek().map(w -> Character.isDigit(w.text().charAt(0))).orElse(false)) {
            day = (int) c.number(1, 31);
            month = c.keyword(MONTHS);
        } else {
            month = c.keyword(MONTHS);
            day = (int) c.number(1, 31);
        }
        int year = (int) c.number(XrTime.MIN_YEAR, XrTime.MAX_YEAR);
        return new XrTime(v[0], v[1], v[2], java.time.Month.valueOf(month.toUpperCase(Locale.ROOT)), day, year);
    }

    private Supplier<String> pskCommand(CliMode m, Cursor c, boolean no) throws CliException {
        String iface = m.iface();
        if (no) {
            if (!c.atEnd()) {
                c.keyword("psk-keychain");
            }
            return () -> edit(m, "no macsec psk-keychain", cfg -> cfg.editInterface(iface, i -> i.withPsk(null)));
        }
        c.keyword("psk-keychain");
        String keychain = c.word().text();
        Optional<String> fallback = Optional.empty();
        Optional<String> policy = Optional.empty();
        while (!c.atEnd()) {
            String opt = c.keyword("fallback-psk-keychain", "policy");
            String value = c.word().text();
            if (opt.equals("policy")) {
                policy = Optional.of(value);
            } else {
                fallback = Optional.of(value);
            }
        }
        InterfaceConfig.PskBinding b = new InterfaceConfig.PskBinding(keychain, fallback, policy);
        return () -> edit(m, CliRender.pskLine(b), cfg -> cfg.editInterface(iface, i -> i.withPsk(b)));
    }

    private Supplier<String> descriptionCommand(CliMode m, Cursor c, boolean no) throws CliException {
        String iface = m.iface();
        if (no) {
            return () -> edit(m, "no description", cfg -> cfg.editInterface(iface, i -> i.withDescription(null)));
        }
        String text = c.rest();
        return () -> edit(m, "description " + text, cfg -> cfg.editInterface(iface, i -> i.withDescription(text)));
    }

    /** Adds a change; a {@code no …} that would remove nothing is refused as IOS-XR does. */
    private String edit(CliMode m, String line, UnaryOperator<XrConfig> effect) {
        if (line.startsWith("no ")) {
            XrConfig current = candidate.asChange().apply(device.store().committed());
            if (effect.apply(current).equals(current)) {
                return "% No such configuration item(s)\n";
            }
        }
        candidate.add(m, line, effect);
        return "";
    }

    private String editKey(CliMode m, String line, UnaryOperator<MacsecKey> f) {
        String chain = m.chain();
        String ckn = m.ckn();
        return edit(m, line, cfg -> cfg.editChain(chain, ch -> ch.withKey(f.apply(ch.keys().getOrDefault(ckn, MacsecKey.named(ckn))))));
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
                return Response.print(show(c, true).get());
            }
            default -> {
                String sub = c.keyword("show", "terminal");
                return Response.print(sub.equals("show") ? show(c, false).get() : terminal(c).get());
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
