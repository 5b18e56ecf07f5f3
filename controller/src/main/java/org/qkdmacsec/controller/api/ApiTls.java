package org.qkdmacsec.controller.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Enumeration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.qkdmacsec.spi.Secret;

/**
 * The API's server certificate, from PEM files (certificate chain, unencrypted private key — as
 * certbot or an internal CA hand them out) or from a PKCS#12 file with its password. TLS 1.3 and 1.2
 * only. Errors name the file and never its content.
 */
public final class ApiTls {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ApiTls() { }

    /** A server context from a PEM certificate chain (leaf first) and its PEM private key (PKCS#8, PKCS#1 or SEC1). */
    public static SSLContext fromPem(Path certificateChain, Path privateKey) {
        Certificate[] chain = chain(certificateChain);
        PrivateKey key = key(privateKey);
        char[] transientPassword = randomPassword();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("api", key, transientPassword, chain);
            return context(ks, transientPassword);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(privateKey + ": the key does not go with the certificate in " + certificateChain + ": "
                    + e.getMessage(), e);
        }
    }

    /** A server context from a PKCS#12 file holding one private key with its chain. */
    public static SSLContext fromPkcs12(Path file, Secret password) {
        char[] pw = password.apply(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8).toCharArray());
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            int keys = 0;
            for (Enumeration<String> e = ks.aliases(); e.hasMoreElements(); ) {
                keys += ks.isKeyEntry(e.nextElement()) ? 1 : 0;
            }
            if (keys != 1) {
                throw new IllegalArgumentException(file + ": a PKCS#12 file with exactly one private key is needed, found " + keys);
            }
            return context(ks, pw);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the PKCS#12 file (" + e.getMessage() + "; wrong password?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not a usable PKCS#12 key store: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    private static SSLContext context(KeyStore ks, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
        return ctx;
    }

    private static Certificate[] chain(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(file + ": no PEM certificate found");
            }
            return certs.toArray(Certificate[]::new);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": cannot read the certificate chain: " + e.getMessage(), e);
        }
    }

    private static PrivateKey key(Path file) {
        try (Reader r = Files.newBufferedReader(file); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                // PKCS#1 (RSA) and SEC1 (EC) keys; a SEC1 key may carry no public part
                return kp.getPublicKeyInfo() != null ? conv.getKeyPair(kp).getPrivate() : conv.getPrivateKey(kp.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new IllegalArgumentException(file + ": the private key is encrypted; give an unencrypted PEM key readable by the"
                        + " service user only, or a PKCS#12 file with api.tls.password");
            }
            throw new IllegalArgumentException(file + ": no PEM private key found");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the private key: " + e.getMessage(), e);
        }
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return java.util.Base64.getEncoder().encodeToString(b).toCharArray();
    }
}
