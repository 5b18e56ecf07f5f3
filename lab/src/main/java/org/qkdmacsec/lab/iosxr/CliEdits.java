package org.qkdmacsec.lab.iosxr;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The configuration commands of an IOS-XR CLI session, by mode (key chain, MACsec key, key-string,
 * lifetime, interface PSK binding and description): each is parsed as the router parses it and, when
 * run, added to the session's target configuration or enters its sub-mode.
 */
final class CliEdits {
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};

    private final XrDevice device;
    private final Candidate candidate;
    private final Consumer<CliMode> enter;

    /** @param enter sets the session's mode when a command enters a sub-mode */
    CliEdits(XrDevice device, Candidate candidate, Consumer<CliMode> enter) {
        this.device = device;
        this.candidate = candidate;
        this.enter = enter;
    }

    /** The commands a mode has besides the common ones. */
    static List<String> modeWords(CliMode m) {
        return switch (m.kind()) {
            case EXEC -> List.of();
            case CONFIG -> List.of("key", "interface");
            case KEYCHAIN -> List.of("macsec");
            case MACSEC_KEYCHAIN -> List.of("key");
            case MACSEC_KEY -> List.of("key-string", "lifetime");
            case INTERFACE -> List.of("macsec", "description");
        };
    }

    /** Parses one command of mode {@code m} now; running the result applies it (and may enter a sub-mode). */
    Supplier<String> command(CliMode m, Cursor c, boolean no) throws CliException {
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
            enter.accept(next);
            return "";
        };
    }

    private Supplier<String> interfaceCommand(Cursor c, boolean no) throws CliException {
        String name = CliShow.interfaceName(device, c);
        c.end();
        if (no) {
            return () -> edit(CliMode.CONFIG, "no interface " + name, cfg -> cfg.editInterface(name, i -> InterfaceConfig.empty(name)));
        }
        return () -> {
            enter.accept(CliMode.iface(name));
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
            enter.accept(next);
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
            enter.accept(next);
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
}
