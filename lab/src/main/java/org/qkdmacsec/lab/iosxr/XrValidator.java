package org.qkdmacsec.lab.iosxr;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks IOS-XR applies at commit to the items the simulator models, for the CLI and gNMI alike:
 * the models' types ({@link XrSchema}: names as {@code Cisco-ios-xr-string} of 1..32, the
 * {@code psk-keychain policy} of 1..16 — {@code Cisco-IOS-XR-um-macsec-cfg}, 24.4.2 and 7.11.1:
 * "MACsec Policy name, maximum length 16" — descriptions of 1..1024), then CKN shape (the model's
 * description: "non-zero hex string of even length, i.e 1-32 bytes"), the type-7 key-string decoding to
 * a CAK of the algorithm's length, real dates, end after start. Messages name the item and the rule,
 * never the key material.
 */
final class XrValidator {
    static final int MAX_NAME = 32;
    static final int MAX_CKN_HEX = 64;

    private XrValidator() {
    }

    static void check(XrConfig cfg) throws ConfigRejectedException {
        List<ConfigError> errors = validate(cfg);
        if (!errors.isEmpty()) {
            throw new ConfigRejectedException(errors);
        }
    }

    static List<ConfigError> validate(XrConfig cfg) {
        List<ConfigError> errors = new ArrayList<>();
        for (KeyChain c : cfg.chains().values()) {
            if (c.name().length() > MAX_NAME) {
                errors.add(new ConfigError(List.of(), CliRender.chainLine(c), "Invalid argument: key chain name longer than " + MAX_NAME + " characters"));
            } else if (!XrSchema.XR_STRING.matcher(c.name()).matches()) {
                errors.add(new ConfigError(List.of(), CliRender.chainLine(c), "Invalid argument: special characters are not allowed in a key chain name"));
            }
            for (MacsecKey k : c.keys().values()) {
                validateKey(c, k, errors);
            }
        }
        for (InterfaceConfig i : cfg.interfaces().values()) {
            List<String> ctx = List.of(CliRender.interfaceLine(i.name()));
            i.psk().ifPresent(b -> {
                if (b.keychain().length() > MAX_NAME || !XrSchema.XR_STRING.matcher(b.keychain()).matches()) {
                    errors.add(new ConfigError(ctx, CliRender.pskLine(b),
                            "Invalid argument: psk-keychain name must be 1 to " + MAX_NAME + " characters without special characters"));
                }
                b.policy().filter(p -> p.length() > XrSchema.MAX_POLICY || !XrSchema.XR_STRING.matcher(p).matches())
                        .ifPresent(p -> errors.add(new ConfigError(ctx, CliRender.pskLine(b),
                                "Invalid argument: MACsec policy name must be 1 to " + XrSchema.MAX_POLICY
                                        + " characters without special characters")));
            });
            i.description().filter(d -> d.isEmpty() || d.length() > XrSchema.MAX_DESCRIPTION).ifPresent(d ->
                    errors.add(new ConfigError(ctx, "description", "Invalid argument: description must be 1 to "
                            + XrSchema.MAX_DESCRIPTION + " characters")));
        }
        return errors;
    }

    private static void validateKey(KeyChain c, MacsecKey k, List<ConfigError> errors) {
        List<String> chainCtx = List.of(CliRender.chainLine(c), "macsec");
        String cknProblem = cknProblem(k.ckn());
        if (cknProblem != null) {
            errors.add(new ConfigError(chainCtx, CliRender.keyLine(k), "Invalid argument: " + cknProblem));
        }
        List<String> keyCtx = List.of(CliRender.chainLine(c), "macsec", CliRender.keyLine(k));
        k.keyString().ifPresent(ks -> {
            String p = keyStringProblem(ks);
            if (p != null) {
                errors.add(new ConfigError(keyCtx, CliRender.keyStringLineHidden(ks), "Invalid argument: " + p));
            }
        });
        k.lifetime().ifPresent(lt -> {
            String p = lifetimeProblem(lt);
            if (p != null) {
                errors.add(new ConfigError(keyCtx, CliRender.lifetimeLine(lt), "Invalid argument: " + p));
            }
        });
    }

    /** Null when {@code ckn} is a valid CKN: non-zero hex of even length, 2..64 digits. */
    static String cknProblem(String ckn) {
        if (!isHex(ckn)) {
            return "CKN must be hex digits";
        }
        if (ckn.length() > MAX_CKN_HEX) {
            return "CKN longer than " + MAX_CKN_HEX + " hex digits (32 bytes)";
        }
        if (ckn.length() % 2 != 0) {
            return "CKN must have an even number of hex digits (whole bytes), got " + ckn.length();
        }
        if (ckn.chars().allMatch(ch -> ch == '0')) {
            return "CKN must not be all zeros";
        }
        return null;
    }

    static String keyStringProblem(KeyString ks) {
        String cak;
        try {
            cak = Type7.decode(ks.type7());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!isHex(cak)) {
            return "key-string does not decode to a hex CAK";
        }
        if (cak.length() != ks.algorithm().cakHexDigits()) {
            return "key-string decodes to " + cak.length() + " hex digits; " + ks.algorithm().yangName()
                    + " needs " + ks.algorithm().cakHexDigits();
        }
        return null;
    }

    static String lifetimeProblem(Lifetime lt) {
        LocalDateTime start;
        try {
            start = lt.start().toLocalDateTime();
        } catch (DateTimeException e) {
            return "start-time is not a valid date (" + lt.start().dayOfMonth() + " " + lt.start().monthName() + " " + lt.start().year() + ")";
        }
        if (lt.end() instanceof Lifetime.Until u) {
            LocalDateTime end;
            try {
                end = u.end().toLocalDateTime();
            } catch (DateTimeException e) {
                return "end-time is not a valid date (" + u.end().dayOfMonth() + " " + u.end().monthName() + " " + u.end().year() + ")";
            }
            if (!end.isAfter(start)) {
                return "end-time must be later than start-time";
            }
        }
        return null;
    }

    static boolean isHex(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
    }
}
