package org.qkdmacsec.controller.kme;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.qkdmacsec.controller.inventory.ClientIdentity;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.LinkSide;
import org.qkdmacsec.controller.inventory.SecretUnavailableException;
import org.qkdmacsec.spi.Secret;

/**
 * Compares the SAE IDs an inventory uses with each KME entry's client certificate. ETSI GS QKD 014 leaves
 * open how a KME learns the caller's SAE ID; the KMEs we have met take it from the client certificate's
 * subject CN (next-door-key-simulator's server/security.py, our lab), some from a subjectAltName. An
 * {@code sae-id} that is neither makes the KME answer 401 or, worse, serve the certificate's SAE, so this
 * warns before the first rollover. A warning, not an error: a KME may map certificates to SAE IDs by a
 * table of its own.
 */
public final class SaeIdentityCheck {
    /** The names a client certificate carries. */
    public record CertificateNames(Optional<String> cn, List<String> altNames) { }

    private SaeIdentityCheck() {
    }

    /** One warning per KME entry whose certificate does not carry an SAE ID used with it. */
    public static List<String> warnings(Inventory inventory) {
        List<String> out = new ArrayList<>();
        for (Kme kme : inventory.kmes()) {
            if (kme.clientIdentity().isEmpty()) {
                continue;
            }
            Set<String> saes = new LinkedHashSet<>();
            kme.saeId().ifPresent(saes::add);
            for (Link l : inventory.links()) {
                for (LinkSide s : List.of(l.a(), l.b())) {
                    if (s.kme().equals(kme.id())) {
                        saes.add(s.saeId());
                    }
                }
            }
            for (String sae : saes) {
                warning(kme, sae).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Why {@code saeId} may not be what {@code kme} takes this client for, if it may not be. */
    public static Optional<String> warning(Kme kme, String saeId) {
        if (kme.clientIdentity().isEmpty()) {
            return Optional.empty(); // no certificate: the KME cannot take the SAE ID from one
        }
        CertificateNames names;
        try {
            names = names(kme.clientIdentity().get());
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // not deployed yet (the lab writes its PKI at start); kme check reports it then
        } catch (IOException | GeneralSecurityException | SecretUnavailableException e) {
            return Optional.of("KME " + kme.id() + ": cannot read the client certificate to compare it with SAE '" + saeId
                    + "' (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        if (names.cn().filter(saeId::equals).isPresent()) {
            return Optional.empty();
        }
        String cn = names.cn().map(c -> "CN '" + c + "'").orElse("no CN");
        String sans = names.altNames().isEmpty() ? "no subjectAltName" : "subjectAltNames " + names.altNames();
        if (names.altNames().contains(saeId)) {
            return Optional.of("KME " + kme.id() + ": SAE '" + saeId + "' is a subjectAltName of the client certificate"
                    + " but its " + cn + " differs: a KME that takes the SAE ID from the CN (as next-door-key-simulator"
                    + " and the lab KMEs do) will take this client for " + names.cn().orElse("nobody")
                    + "; check which convention KME " + kme.id() + " follows (kme check shows what it reports)");
        }
        return Optional.of("KME " + kme.id() + ": SAE '" + saeId + "' is not in the client certificate (" + cn + ", " + sans
                + "): KMEs that take the SAE ID from the certificate's CN (next-door-key-simulator, the lab KMEs) will"
                + " take this client for " + names.cn().map(c -> "'" + c + "'").orElse("nobody") + " and answer 401 or serve"
                + " that SAE's keys; " + names.cn().map(c -> "set sae-id: " + c + " or ").orElse("")
                + "use a certificate issued to " + saeId);
    }

    /** The CN and DNS/URI subjectAltNames of the identity's leaf certificate. */
    public static CertificateNames names(ClientIdentity identity) throws IOException, GeneralSecurityException {
        X509Certificate leaf = leaf(identity);
        Optional<String> cn = Optional.empty();
        try {
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            throw new GeneralSecurityException("unreadable subject", e);
        }
        List<String> alt = new ArrayList<>();
        Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                if (Integer.valueOf(2).equals(san.get(0)) || Integer.valueOf(6).equals(san.get(0))) { // dNSName, URI
                    alt.add(String.valueOf(san.get(1)));
                }
            }
        }
        return new CertificateNames(cn, alt);
    }

    private static X509Certificate leaf(ClientIdentity identity) throws IOException, GeneralSecurityException {
        if (identity instanceof ClientIdentity.Pem pem) {
            try (InputStream in = Files.newInputStream(pem.certificate())) {
                Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (all.isEmpty()) {
                    throw new GeneralSecurityException("no certificate in " + pem.certificate());
                }
                return (X509Certificate) all.iterator().next();
            }
        }
        ClientIdentity.Pkcs12 p12 = (ClientIdentity.Pkcs12) identity;
        char[] password = p12.password().map(SaeIdentityCheck::chars).orElseGet(() -> new char[0]);
        try (InputStream in = Files.newInputStream(p12.file())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements();) {
                String alias = aliases.nextElement();
                if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate x) {
                    return x;
                }
            }
            throw new GeneralSecurityException("no key entry in " + p12.file());
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static char[] chars(org.qkdmacsec.controller.inventory.SecretRef ref) {
        try (Secret s = ref.resolve()) {
            return s.apply(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8).toCharArray());
        }
    }
}
