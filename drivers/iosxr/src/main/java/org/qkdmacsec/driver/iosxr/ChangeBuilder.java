package org.qkdmacsec.driver.iosxr;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/**
 * Checks a {@link KeyPlan} against the chain and the interface binding as the device has them and turns
 * it into a {@link ChainChange} in the chain's time zone. Every refusal happens here, before anything
 * reaches the device, and names the key or binding at fault.
 *
 * <p>A plan that adds keys also binds the interface to the chain when it is unbound (IOS-XR runs MKA
 * only on a bound interface), and is refused when the interface is bound to another chain: that binding
 * is the operator's, never changed silently. A plan without adds leaves the binding alone. The plan's
 * description goes into the same change when it differs from the committed one. Values are checked
 * against Cisco's models ({@link XrModelRules}).
 */
final class ChangeBuilder {
    private static final Pattern CKN = Pattern.compile("[0-9a-f]{2,64}");

    private ChangeBuilder() {
    }

    /**
     * @param iface   the interface's binding and description as committed on the device
     * @param policy  the MACsec policy to name in a new binding (device option {@code macsec-policy})
     * @param now     the controller's clock: a key moved to an end-time that has no start-time gets one a
     *                day before now (XR needs a start to carry an end)
     * @param encoder CAK to type-7 key-string
     */
    static ChainChange build(String device, Port port, KeyPlan plan, ChainRead current, InterfaceRead iface,
                             Optional<String> policy, ZoneId zone, Instant now, Function<Secret, char[]> encoder) {
        precheck(device, port, plan, policy);
        Optional<ChainChange.Bind> bind = binding(device, port, plan, iface.binding(), policy);
        Optional<ChainChange.Description> description = plan.description().filter(d -> !iface.description().equals(Optional.of(d)))
                .map(d -> new ChainChange.Description(port.interfaceName(), d));
        Map<String, ChainRead.Key> existing = new HashMap<>();
        current.keys().forEach(k -> existing.put(k.ckn(), k));
        Set<String> removes = new HashSet<>();
        List<String> removeList = new ArrayList<>();
        for (KeyPlan.Remove r : plan.removes()) {
            String ckn = ckn(device, r.ckn());
            if (removes.add(ckn)) {
                removeList.add(ckn);
            }
        }
        String algorithm = switch (port.cipher().cakBytes()) {
            case 16 -> "aes-128-cmac";
            case 32 -> "aes-256-cmac";
            default -> throw invalid(device, "cipher " + port.cipher() + " has no IOS-XR MACsec key algorithm");
        };
        List<ChainChange.NewKey> adds = new ArrayList<>();
        Set<String> added = new HashSet<>();
        try {
            for (KeyPlan.Add a : plan.adds()) {
                String ckn = ckn(device, a.ckn());
                if (!added.add(ckn)) {
                    throw invalid(device, "key " + ckn + " is added twice in one plan");
                }
                if (existing.containsKey(ckn) && !removes.contains(ckn)) {
                    throw invalid(device, "key " + ckn + " already exists in key chain " + port.keyChain()
                            + "; a plan never overwrites a key it does not also remove");
                }
                if (a.cak().length() != port.cipher().cakBytes()) {
                    throw invalid(device, "key " + ckn + " has a " + a.cak().length() + "-byte CAK but "
                            + port.cipher().wireName() + " on " + port.interfaceName() + " needs " + port.cipher().cakBytes());
                }
                XrTime start = XrTime.of(a.start(), zone);
                Optional<XrTime> end = a.end().map(e -> XrTime.of(e, zone));
                XrModelRules.year(device, "the start of key " + ckn, start);
                end.ifPresent(e -> XrModelRules.year(device, "the end of key " + ckn, e));
                if (end.isPresent() && !end.get().toInstant(zone).isAfter(start.toInstant(zone))) {
                    throw invalid(device, "key " + ckn + " would end (" + a.end().get() + ") before it starts (" + a.start() + ")");
                }
                adds.add(new ChainChange.NewKey(ckn, encoder.apply(a.cak()), algorithm, start, end));
            }
            List<ChainChange.Lifetime> lifetimes = new ArrayList<>();
            Set<String> moved = new HashSet<>();
            for (KeyPlan.EndChange c : plan.endChanges()) {
                String ckn = ckn(device, c.ckn());
                ChainRead.Key key = existing.get(ckn);
                if (key == null || removes.contains(ckn) || added.contains(ckn)) {
                    throw invalid(device, "cannot move the end of key " + ckn + ": it is not an existing key of chain "
                            + port.keyChain() + " kept by this plan");
                }
                if (!moved.add(ckn)) {
                    throw invalid(device, "the end of key " + ckn + " is moved twice in one plan");
                }
                XrTime start = key.start().orElseGet(() -> XrTime.of(now.minus(Duration.ofDays(1)), zone));
                Optional<XrTime> end = c.end().map(e -> XrTime.of(e, zone));
                XrModelRules.year(device, "the start of key " + ckn, start);
                if (end.isPresent()) {
                    XrModelRules.year(device, "the new end of key " + ckn, end.get());
                }
                if (end.isPresent() && !end.get().toInstant(zone).isAfter(start.toInstant(zone))) {
                    throw invalid(device, "key " + ckn + " would end (" + c.end().get() + ") before it starts ("
                            + start.toInstant(zone) + ")");
                }
                lifetimes.add(new ChainChange.Lifetime(ckn, start, end));
            }
            return new ChainChange(port.keyChain(), adds, lifetimes, removeList, bind, description);
        } catch (RuntimeException e) {
            adds.forEach(k -> java.util.Arrays.fill(k.keyString(), '\0'));
            throw e;
        }
    }

    /** The checks that need nothing from the device: run before the driver reads or sends anything. */
    static void precheck(String device, Port port, KeyPlan plan, Optional<String> policy) {
        if (!plan.adds().isEmpty() || !plan.removes().isEmpty() || !plan.endChanges().isEmpty()) {
            XrModelRules.name(device, "key chain name", port.keyChain(), XrModelRules.MAX_NAME);
        }
        policy.ifPresent(p -> XrModelRules.policy(device, p));
        plan.description().ifPresent(d -> XrModelRules.description(device, d));
    }

    private static Optional<ChainChange.Bind> binding(String device, Port port, KeyPlan plan, Optional<PskBinding> bound,
                                                      Optional<String> policy) {
        if (plan.adds().isEmpty()) {
            return Optional.empty();
        }
        if (bound.isPresent() && !bound.get().keychain().equals(port.keyChain())) {
            throw invalid(device, "interface " + port.interfaceName() + " is bound to key chain " + bound.get().keychain()
                    + " (macsec psk-keychain), not " + port.keyChain() + "; refusing to rebind it");
        }
        return bound.isPresent() ? Optional.empty() : Optional.of(new ChainChange.Bind(port.interfaceName(), policy));
    }

    private static String ckn(String device, String raw) {
        String ckn = raw.toLowerCase(Locale.ROOT);
        if (!CKN.matcher(ckn).matches() || ckn.length() % 2 != 0) {
            throw invalid(device, "CKN '" + raw + "' is not even-length hex of at most 64 digits");
        }
        return ckn;
    }

    private static DriverException invalid(String device, String message) {
        return new DriverException(Kind.INVALID_REQUEST, device, message);
    }
}
