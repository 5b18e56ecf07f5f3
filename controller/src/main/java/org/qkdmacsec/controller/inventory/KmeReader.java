package org.qkdmacsec.controller.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one {@code kmes:} entry: how one SAE reaches one KME (URL, client identity, trust, pins, timeouts,
 * the HTTP form and what {@code /status} decides). Reports every problem of the entry; the caller keeps
 * ids unique.
 */
final class KmeReader {
    static final List<String> FIELDS = List.of("id", "url", "sae-id", "client-cert", "client-key",
            "client-key-password", "pkcs12", "pkcs12-password", "ca", "connect-timeout", "read-timeout",
            "insecure", "method", "max-keys-per-request", "status", "server-cert-sha256", "server-cert");
    /** A SHA-256 fingerprint as openssl prints it (colon-separated pairs) or as sha256sum prints it. */
    static final Pattern SHA256 = Pattern.compile("(?i)[0-9a-f]{64}|[0-9a-f]{2}(:[0-9a-f]{2}){31}");

    private final Problems problems;

    KmeReader(Problems problems) {
        this.problems = problems;
    }

    /** The entry's id (when valid) and, when the whole entry is valid, the KME. */
    record Result(Optional<String> id, Optional<Kme> kme) { }

    Result read(Fields f) {
        int before = problems.count();
        Optional<String> id = f.required("id", "every KME needs an id")
                .filter(v -> Defined.valid(f, "id", v, Defined.NAME, "KME id", Defined.NAME_RULE));
        Optional<Boolean> insecure = f.bool("insecure");
        boolean plain = insecure.orElse(false);
        Optional<URI> url = f.required("url", "e.g. https://kme-a.example.net:443").flatMap(u -> url(f, u, plain));
        Optional<String> sae = f.matching("sae-id", Defined.SAE_ID, "SAE ID", Defined.SAE_ID_RULE);
        Optional<ClientIdentity> identity = clientIdentity(f);
        Optional<Path> ca = f.filePath("ca");
        Duration connect = f.positiveDuration("connect-timeout").orElse(Kme.DEFAULT_CONNECT_TIMEOUT);
        Duration read = f.positiveDuration("read-timeout").orElse(Kme.DEFAULT_READ_TIMEOUT);
        Optional<KmeMethod> method = f.text("method").flatMap(m -> {
            if (m.equals("post") || m.equals("get")) {
                return Optional.of(KmeMethod.valueOf(m.toUpperCase(Locale.ROOT)));
            }
            f.error("method", "unknown method '" + m + "'", "use post or get");
            return Optional.empty();
        });
        Optional<Integer> max = f.integer("max-keys-per-request", 1, 10_000);
        Optional<KmeStatusMode> status = f.text("status").flatMap(s -> {
            Optional<KmeStatusMode> m = KmeStatusMode.fromId(s);
            if (m.isEmpty()) {
                f.error("status", "unknown status mode '" + s + "'",
                        "use advisory (the default: /status informs), gate (/status must allow the rollover) or off");
            }
            return m;
        });
        List<String> pins = pins(f);
        Optional<Path> serverCert = f.filePath("server-cert");
        if (!plain && !f.has("client-cert") && !f.has("pkcs12") && url.map(u -> u.getScheme().equals("https")).orElse(false)) {
            problems.add(f.mark(), f.field("client-cert"), "missing client certificate",
                    "mutual TLS needs client-cert + client-key, or pkcs12; or set insecure: true");
        }
        if ((f.has("server-cert-sha256") || f.has("server-cert")) && url.map(u -> u.getScheme().equals("http")).orElse(false)) {
            f.error(f.has("server-cert") ? "server-cert" : "server-cert-sha256", "a plain http:// KME has no certificate to pin",
                    "use an https:// URL");
        }
        if (id.isEmpty() || problems.count() != before) {
            return new Result(id, Optional.empty());
        }
        return new Result(id, Optional.of(new Kme(id.get(), url.get(), sae, identity, ca, connect, read, plain,
                method.orElse(KmeMethod.POST), max.map(OptionalInt::of).orElse(OptionalInt.empty()),
                status.orElse(KmeStatusMode.ADVISORY), pins, serverCert)));
    }

    /** {@code server-cert-sha256}: one fingerprint or a list (to roll a KME certificate over). */
    private List<String> pins(Fields f) {
        List<String> out = new ArrayList<>();
        Optional<Node> n = f.node("server-cert-sha256");
        if (n.isEmpty()) {
            return out;
        }
        List<Node> items = n.get() instanceof ScalarNode ? List.of(n.get()) : f.sequence("server-cert-sha256").orElse(List.of());
        if (items.isEmpty() && !(n.get() instanceof ScalarNode)) {
            f.error("server-cert-sha256", "expected a fingerprint or a list of them", "");
        }
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String field = f.field("server-cert-sha256") + (n.get() instanceof ScalarNode ? "" : "[" + i + "]");
            String v = item instanceof ScalarNode s ? s.getValue().strip() : "";
            if (!SHA256.matcher(v).matches()) {
                problems.add(item.getStartMark(), field, "invalid SHA-256 fingerprint",
                        "64 hex digits, with or without ':' between pairs, as 'openssl x509 -noout -fingerprint -sha256 -in CERT' prints them");
            } else {
                out.add(v.replace(":", "").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private Optional<URI> url(Fields f, String text, boolean insecure) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            f.error("url", "invalid URL '" + text + "'", e.getReason());
            return Optional.empty();
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
            f.error("url", "invalid URL '" + text + "'", "write https://host:port");
            return Optional.empty();
        }
        if (u.getQuery() != null || u.getFragment() != null || u.getUserInfo() != null) {
            f.error("url", "the URL must not carry user info, a query or a fragment", "write https://host:port[/prefix]");
            return Optional.empty();
        }
        if (scheme.equals("http") && !insecure) {
            f.error("url", "plain http:// needs insecure: true", "keys would cross the network unencrypted; prefer https://");
            return Optional.empty();
        }
        return Optional.of(u);
    }

    private Optional<ClientIdentity> clientIdentity(Fields f) {
        Optional<Path> cert = f.filePath("client-cert");
        Optional<Path> key = f.filePath("client-key");
        Optional<SecretRef> keyPassword = SecretRefs.read(f, "client-key-password");
        Optional<Path> p12 = f.filePath("pkcs12");
        Optional<SecretRef> p12Password = SecretRefs.read(f, "pkcs12-password");
        if (f.has("pkcs12") && (f.has("client-cert") || f.has("client-key"))) {
            f.error("pkcs12", "give either pkcs12 or client-cert + client-key, not both", "");
            return Optional.empty();
        }
        if (f.has("client-cert") != f.has("client-key")) {
            String missing = f.has("client-cert") ? "client-key" : "client-cert";
            problems.add(f.mark(), f.field(missing), "missing", "client-cert and client-key go together");
            return Optional.empty();
        }
        if (f.has("client-key-password") && !f.has("client-key")) {
            f.error("client-key-password", "given without client-key", "");
        }
        if (f.has("pkcs12-password") && !f.has("pkcs12")) {
            f.error("pkcs12-password", "given without pkcs12", "");
        }
        if (cert.isPresent() && key.isPresent()) {
            return Optional.of(new ClientIdentity.Pem(cert.get(), key.get(), keyPassword));
        }
        return p12.map(p -> new ClientIdentity.Pkcs12(p, p12Password));
    }
}
