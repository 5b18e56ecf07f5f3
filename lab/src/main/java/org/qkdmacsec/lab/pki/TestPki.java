package org.qkdmacsec.lab.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway PKI for the lab: a CA made fresh at {@link #create}, whose private key never leaves
 * memory, issuing server and client certificates into one directory. Nothing here is ever committed:
 * every run makes new keys.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(dir);                 // writes dir/ca.pem
 * Identity kme = pki.issueServer("kme-a");           // SANs 127.0.0.1, ::1, localhost, kme-a
 * Identity sae = pki.issueClient("sae-a");           // subject CN = sae-a
 * ServerTls tls = pki.serverTls(kme);                // context + parameters requiring a client cert
 * SSLContext client = pki.clientContext(sae);        // presents sae-a, trusts only the lab CA
 * }</pre>
 *
 * Certificates follow the wall clock, not a simulated one: TLS stacks check validity against real time.
 */
public final class TestPki {
    /** Names become file names, so they are kept to a portable, traversal-free alphabet. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> LOOPBACK_SANS = List.of("127.0.0.1", "::1", "localhost");
    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final Path directory;
    private final CertificateIssuer issuer;
    private final SecureRandom random = new SecureRandom();

    private TestPki(Path directory, CertificateIssuer issuer) {
        this.directory = directory;
        this.issuer = issuer;
    }

    /** Creates a CA now (wall clock) and writes its certificate to {@code directory/ca.pem}. */
    public static TestPki create(Path directory) {
        return create(directory, Clock.systemUTC());
    }

    /** As {@link #create(Path)}, with certificate validity taken from {@code clock}. */
    public static TestPki create(Path directory, Clock clock) {
        PemFiles.createDirectory(directory);
        TestPki pki = new TestPki(directory, new CertificateIssuer(clock, "qkd-macsec lab CA"));
        PemFiles.writePublic(pki.caBundle(), PemFiles.certificates(List.of(pki.caCertificate())));
        return pki;
    }

    public Path directory() {
        return directory;
    }

    public X509Certificate caCertificate() {
        return issuer.caCertificate();
    }

    /** PEM file holding the CA certificate: the trust anchor for clients and servers. */
    public Path caBundle() {
        return directory.resolve("ca.pem");
    }

    /**
     * Issues a TLS server certificate with SANs 127.0.0.1, ::1, localhost, {@code name} and
     * {@code extraSans} (IP literals become IP SANs, anything else a DNS SAN).
     */
    public synchronized Identity issueServer(String name, String... extraSans) {
        checkName(name);
        List<String> sans = new ArrayList<>(LOOPBACK_SANS);
        for (String s : concat(name, extraSans)) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("server " + name + ": blank subject alternative name");
            }
            if (!sans.contains(s)) {
                sans.add(s);
            }
        }
        CertificateIssuer.Issued issued = issuer.server(name, sans);
        return write(name, issued);
    }

    /**
     * Issues a TLS server certificate with subject CN {@code name} and no subjectAltName at all, written as
     * {@code name-nosan.*}: what a CN-only {@code openssl req -subj /CN=...} script issues. Clients that
     * check host names (RFC 6125) refuse it unless they pin it.
     */
    public synchronized Identity issueServerWithoutSan(String name) {
        checkName(name);
        return write(name + "-nosan", issuer.server(name, List.of()));
    }

    /**
     * TLS for a server that presents {@code alternate} while {@code useAlternate} says so at the start of a
     * handshake, else {@code server} (a lab KME switched at run time to a certificate without SAN).
     */
    public ServerTls serverTls(Identity server, Identity alternate, java.util.function.BooleanSupplier useAlternate) {
        return new ServerTls(context(new KeyManager[] {
            new SwitchingKeyManager(x509(keyManagers(server)), x509(keyManagers(alternate)), useAlternate)}));
    }

    private static javax.net.ssl.X509ExtendedKeyManager x509(KeyManager[] managers) {
        for (KeyManager m : managers) {
            if (m instanceof javax.net.ssl.X509ExtendedKeyManager x) {
                return x;
            }
        }
        throw new PkiException("no X.509 key manager", null);
    }

    /** Routes each handshake to one of two identities; the chosen alias carries which, so the chain matches the key. */
    private static final class SwitchingKeyManager extends javax.net.ssl.X509ExtendedKeyManager {
        private final javax.net.ssl.X509ExtendedKeyManager[] managers;
        private final java.util.function.BooleanSupplier useAlternate;

        SwitchingKeyManager(javax.net.ssl.X509ExtendedKeyManager main, javax.net.ssl.X509ExtendedKeyManager alternate,
                            java.util.function.BooleanSupplier useAlternate) {
            this.managers = new javax.net.ssl.X509ExtendedKeyManager[] {main, alternate};
            this.useAlternate = useAlternate;
        }

        private String tag(int which, String alias) {
            return alias == null ? null : which + ":" + alias;
        }

        private javax.net.ssl.X509ExtendedKeyManager of(String alias) {
            return managers[alias.charAt(0) - '0'];
        }

        @Override
        public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            int which = useAlternate.getAsBoolean() ? 1 : 0;
            return tag(which, managers[which].chooseEngineServerAlias(keyType, issuers, engine));
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            int which = useAlternate.getAsBoolean() ? 1 : 0;
            return tag(which, managers[which].chooseServerAlias(keyType, issuers, socket));
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return alias == null ? null : of(alias).getCertificateChain(alias.substring(2));
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return alias == null ? null : of(alias).getPrivateKey(alias.substring(2));
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }
    }

    /** Issues a TLS client certificate whose subject CN is {@code saeId}. */
    public synchronized Identity issueClient(String saeId) {
        checkName(saeId);
        return write(saeId, issuer.client(saeId));
    }

    /** TLS for a server presenting {@code server}, trusting only this CA, requiring client certificates. */
    public ServerTls serverTls(Identity server) {
        return new ServerTls(context(keyManagers(server)));
    }

    /** TLS for a client presenting {@code client} and trusting only this CA. */
    public SSLContext clientContext(Identity client) {
        return context(keyManagers(client));
    }

    /** TLS for a client that trusts this CA but presents no certificate. */
    public SSLContext trustOnlyContext() {
        return context(null);
    }

    private Identity write(String name, CertificateIssuer.Issued issued) {
        Identity id = new Identity(name, issued.certificate(), caCertificate(), issued.keys().getPrivate(), directory);
        PemFiles.writePublic(id.certificatePem(), PemFiles.certificates(id.chain()));
        PemFiles.writePrivate(id.privateKeyPem(),
                PemFiles.privateKey(id.privateKey()).getBytes(StandardCharsets.US_ASCII));
        char[] password = password();
        PemFiles.writePrivate(id.pkcs12PasswordFile(), (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII));
        PemFiles.writePrivate(id.pkcs12(), pkcs12(id, password));
        return id;
    }

    private byte[] pkcs12(Identity id, char[] password) {
        try {
            KeyStore ks = keyStore(id, password);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build PKCS#12 for " + id.name() + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(Identity id, char[] password) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(id.name(), id.privateKey(), password, id.chain().toArray(new X509Certificate[0]));
        return ks;
    }

    private KeyManager[] keyManagers(Identity id) {
        char[] transientPassword = password();
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(id, transientPassword), transientPassword);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot load key material of " + id.name() + ": " + e.getMessage(), e);
        }
    }

    private SSLContext context(KeyManager[] keyManagers) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("lab-ca", caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            TrustManager[] trustManagers = tmf.getTrustManagers();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, trustManagers, random);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build TLS context: " + e.getMessage(), e);
        }
    }

    private char[] password() {
        char[] p = new char[24];
        for (int i = 0; i < p.length; i++) {
            p[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return p;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid certificate name '" + name
                    + "': use 1-64 characters A-Z a-z 0-9 . _ - (it becomes a file name)");
        }
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(rest));
        return all;
    }
}
