package org.qkdmacsec.driver.iosxr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ChainChange} as IOS-XR configuration-mode lines, entered inside one exclusive configuration
 * session:
 *
 * <pre>
 * key chain QKD_KC macsec
 *  key &lt;new ckn&gt;
 *   key-string password &lt;type 7&gt; cryptographic-algorithm aes-256-cmac
 *   lifetime 19:47:00 10 july 2026 infinite
 *   exit
 *  key &lt;current ckn&gt;
 *   lifetime 19:40:00 10 july 2026 19:49:00 10 july 2026
 *   exit
 *  no key &lt;retired ckn&gt;
 *  exit
 * root                                         (only when the interface is unbound
 * interface HundredGigE0/0/0/0                  or the plan sets a description:)
 *  macsec psk-keychain QKD_KC [policy &lt;P&gt;]
 *  description qkd key_ID 6f1c…
 *  exit
 * </pre>
 */
final class CliCommands {
    private CliCommands() {
    }

    /**
     * One line to send. {@code text} may hold a key-string: the sender wipes it after use; {@code display}
     * is the same line with the key-string masked, for traces and diffs.
     */
    record Line(char[] text, String display) {
        static Line of(String s) {
            return new Line(s.toCharArray(), s);
        }

        void wipe() {
            Arrays.fill(text, '\0');
        }

        @Override
        public String toString() {
            return display;
        }
    }

    /**
     * Every port's lines, one port after the other, for one exclusive session and one commit: each port's
     * lines end back at the configuration root ({@code exit} from the chain, {@code root} before the
     * interface, {@code exit} after it), so the next port's {@code key chain} line starts from there.
     */
    static List<Line> render(List<ChainChange> changes) {
        List<Line> out = new ArrayList<>();
        changes.forEach(c -> out.addAll(render(c)));
        return out;
    }

    static List<Line> render(ChainChange change) {
        List<Line> out = new ArrayList<>();
        if (!change.adds().isEmpty() || !change.lifetimes().isEmpty() || !change.removes().isEmpty()) {
            chain(change, out);
        }
        Optional<String> iface = change.bind().map(ChainChange.Bind::interfaceName)
                .or(() -> change.description().map(ChainChange.Description::interfaceName));
        iface.ifPresent(i -> {
            out.add(Line.of("root"));
            out.add(Line.of("interface " + i));
            change.bind().ifPresent(b -> out.add(Line.of("macsec psk-keychain " + change.chain()
                    + b.policy().map(p -> " policy " + p).orElse(""))));
            change.description().ifPresent(d -> out.add(Line.of("description " + d.text())));
            out.add(Line.of("exit"));
        });
        return out;
    }

    private static void chain(ChainChange change, List<Line> out) {
        out.add(Line.of("key chain " + change.chain() + " macsec"));
        for (ChainChange.NewKey key : change.adds()) {
            out.add(Line.of("key " + key.ckn()));
            out.add(keyString(key));
            out.add(Line.of("lifetime " + key.start().cli() + " " + key.end().map(XrTime::cli).orElse("infinite")));
            out.add(Line.of("exit"));
        }
        for (ChainChange.Lifetime life : change.lifetimes()) {
            out.add(Line.of("key " + life.ckn()));
            out.add(Line.of("lifetime " + life.start().cli() + " " + life.end().map(XrTime::cli).orElse("infinite")));
            out.add(Line.of("exit"));
        }
        for (String ckn : change.removes()) {
            out.add(Line.of("no key " + ckn));
        }
        out.add(Line.of("exit"));
    }

    private static Line keyString(ChainChange.NewKey key) {
        String head = "key-string password ";
        String tail = " cryptographic-algorithm " + key.algorithm();
        char[] text = new char[head.length() + key.keyString().length + tail.length()];
        head.getChars(0, head.length(), text, 0);
        System.arraycopy(key.keyString(), 0, text, head.length(), key.keyString().length);
        tail.getChars(0, tail.length(), text, head.length() + key.keyString().length);
        return new Line(text, head + Redactor.MASK + tail);
    }
}
