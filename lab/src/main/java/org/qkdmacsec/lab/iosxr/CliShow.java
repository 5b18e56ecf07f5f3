package org.qkdmacsec.lab.iosxr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The {@code show} commands of an IOS-XR CLI session (exec mode, and {@code show}/{@code do show} in
 * configuration modes): clock, version, NTP, key chains, MKA sessions, running and target configuration,
 * and the last commit's failed items. Each parses its words now and renders when run.
 */
final class CliShow {
    private final XrDevice device;
    private final Candidate candidate;
    private final Supplier<List<ConfigError>> failed;
    private final BooleanSupplier timestamps;

    /**
     * @param candidate  the session's target configuration ({@code show configuration})
     * @param failed     the items the session's last commit failed on ({@code show configuration failed})
     * @param timestamps whether the session prints the time before each show ({@code terminal exec prompt})
     */
    CliShow(XrDevice device, Candidate candidate, Supplier<List<ConfigError>> failed, BooleanSupplier timestamps) {
        this.device = device;
        this.candidate = candidate;
        this.failed = failed;
        this.timestamps = timestamps;
    }

    Supplier<List<String>> show(Cursor c, boolean inConfig) throws CliException {
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
            if (timestamps.getAsBoolean()) {
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
                iface = Optional.of(interfaceName(device, c));
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
        String name = interfaceName(device, c);
        c.end();
        return () -> Optional.ofNullable(device.store().committed().interfaces().get(name)).map(CliRender::iface).orElse(List.of());
    }

    private Supplier<List<String>> showConfiguration(Cursor c, boolean inConfig) throws CliException {
        boolean showFailed = c.optKeyword("failed").isPresent();
        c.end();
        if (showFailed) {
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
        List<ConfigError> lastFailed = failed.get();
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

    /** An interface name as typed ({@code Hu0/0/0/0}, or split in two words: {@code HundredGigE 0/0/0/0}), resolved on the device. */
    static String interfaceName(XrDevice device, Cursor c) throws CliException {
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
}
