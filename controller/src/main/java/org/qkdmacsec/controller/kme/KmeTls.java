package org.qkdmacsec.controller.kme;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.qkdmacsec.controller.inventory.ClientIdentity;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.controller.inventory.SecretUnavailableException;
import org.qkdmacsec.spi.Secret;

/**
 * Builds the TLS set-up of one KME connection from the inventory: the client certificate (PEM parsed with
 * Bouncy Castle — PKCS#8, encrypted PKCS#8, PKCS#1/SEC1 — or PKCS#12) and the trusted CAs (a PEM bundle,
 * or the JDK's defaults) and the server check of {@link KmeTrust} (pins, or CA + host name). TLS 1.3 and 1.2 only.
 */
final class KmeTls {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** PEM key encryption (PBES2, OpenSSL legacy) needs algorithms the JDK lacks; used here only, not registered. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final Kme kme;

    KmeTls(Kme kme) {
        this.kme = kme;
    }

    SSLContext context() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(), trustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw config("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private KeyManager[] keyManagers() throws GeneralSecurityException {
        Optional<ClientIdentity> identity = kme.clientIdentity();
        if (identity.isEmpty()) {
            return null;
        }
        if (identity.get() instanceof ClientIdentity.Pkcs12 p12) {
            return pkcs12(p12);
        }
        ClientIdentity.Pem pem = (ClientIdentity.Pem) identity.get();
        List<Certificate> chain = certificates(pem.certificate(), "client-cert");
        if (chain.isEmpty()) {
            throw config("client-cert " + pem.certificate() + " holds no certificate", null);
        }
        PrivateKey key = privateKey(pem.privateKey(), pem.keyPassword());
        char[] transientPassword = transientPassword();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, transientPassword, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, transientPassword);
            return kmf.getKeyManagers();
        } catch (IOException e) {
            throw config("cannot hold the client key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(transientPassword, '\0');
        }
    }

    private KeyManager[] pkcs12(ClientIdentity.Pkcs12 p12) throws GeneralSecurityException {
        char[] password = p12.password().map(this::chars).orElseGet(() -> new char[0]);
        try (InputStream in = Files.newInputStream(p12.file())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return kmf.getKeyManagers();
        } catch (IOException e) {
            throw config("cannot read pkcs12 " + p12.file() + " (" + e.getClass().getSimpleName()
                    + (e.getCause() instanceof java.security.UnrecoverableKeyException ? ": wrong password" : "") + ")", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private PrivateKey privateKey(Path file, Optional<SecretRef> passwordRef) {
        Object parsed;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            parsed = pem.readObject();
        } catch (IOException e) {
            throw config("cannot read client-key " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        char[] password = passwordRef.map(this::chars).orElse(null);
        try {
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (parsed instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                requirePassword(password, file);
                return converter.getPrivateKey(enc.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password)));
            }
            if (parsed instanceof PEMEncryptedKeyPair enc) {
                requirePassword(password, file);
                return converter.getKeyPair(enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password))).getPrivate();
            }
            throw config("client-key " + file + " holds no private key (expected a PEM PRIVATE KEY block)", null);
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw config("cannot decode client-key " + file + " (wrong client-key-password or unsupported key)", e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private void requirePassword(char[] password, Path file) {
        if (password == null) {
            throw config("client-key " + file + " is encrypted: set client-key-password", null);
        }
    }

    /** The one trust manager: pins when given, else the CAs ({@code ca}, or the JDK's) plus the host name. */
    private TrustManager[] trustManagers() throws GeneralSecurityException {
        Set<String> pins = new LinkedHashSet<>(kme.serverCertSha256());
        if (kme.serverCert().isPresent()) {
            Path file = kme.serverCert().get();
            List<Certificate> pinned = certificates(file, "server-cert");
            if (pinned.isEmpty()) {
                throw config("server-cert " + file + " holds no certificate", null);
            }
            pins.add(KmeTrust.sha256((X509Certificate) pinned.get(0)));
        }
        X509TrustManager cas = pins.isEmpty() || kme.caBundle().isPresent() ? caTrust() : null;
        return new TrustManager[] {new KmeTrust(kme.id(), kme.url().getHost(), cas, pins)};
    }

    private X509TrustManager caTrust() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (kme.caBundle().isEmpty()) {
            tmf.init((KeyStore) null); // the JDK's default trust store
        } else {
            Path bundle = kme.caBundle().get();
            List<Certificate> cas = certificates(bundle, "ca");
            if (cas.isEmpty()) {
                throw config("ca " + bundle + " holds no certificate", null);
            }
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf.init(trust);
            } catch (IOException e) {
                throw config("cannot hold the CA bundle: " + e.getMessage(), e);
            }
        }
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw config("the JDK offers no X.509 trust manager", null);
    }

    /**
     * A handshake failure in words an operator can act on: the trust manager's own refusal (which names
     * {@code ca}, {@code server-cert-sha256} or {@code server-cert}) when it refused, else the TLS stack's.
     */
    static String explain(Kme kme, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KmeTrust.Refused r) {
                return r.getMessage();
            }
        }
        String m = KmeHttp.describe(failure);
        if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
            return m + " (the KME must speak TLS 1.2 or 1.3)";
        }
        return m;
    }

    private List<Certificate> certificates(Path file, String field) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            return new ArrayList<>(all);
        } catch (IOException | GeneralSecurityException e) {
            throw config("cannot read " + field + " " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** A referenced password as chars, decoded from UTF-8 without passing through a String. */
    private char[] chars(SecretRef ref) {
        try (Secret s = ref.resolve()) {
            return s.apply(bytes -> {
                CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
                char[] out = new char[cb.remaining()];
                cb.get(out);
                Arrays.fill(cb.array(), '\0');
                return out;
            });
        } catch (SecretUnavailableException e) {
            throw config(e.getMessage(), null);
        }
    }

    private static char[] transientPassword() {
        SecureRandom r = new SecureRandom();
        char[] p = new char[24];
        for (int i = 0; i < p.length; i++) {
            p[i] = (char) ('a' + r.nextInt(26));
        }
        return p;
    }

    private KmeException config(String detail, Throwable cause) {
        return new KmeException(KmeException.Kind.CONFIG, kme.id(), "setup", java.util.OptionalInt.empty(), null,
                false, detail, cause);
    }
}
