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
