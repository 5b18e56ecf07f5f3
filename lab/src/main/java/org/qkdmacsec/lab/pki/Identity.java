package org.qkdmacsec.lab.pki;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One issued certificate with its private key and the files it was written to:
 * {@code <name>.crt.pem} (leaf then CA), {@code <name>.key.pem} (PKCS#8, 0600),
 * {@code <name>.p12} (0600) and {@code <name>.p12.pass} (its password, 0600).
 * {@link #toString()} never shows the key.
 */
public final class Identity {
    private final String name;
    private final X509Certificate certificate;
    private final X509Certificate caCertificate;
    private final PrivateKey privateKey;
    private final Path directory;

    Identity(String name, X509Certificate certificate, X509Certificate caCertificate, PrivateKey privateKey,
            Path directory) {
        this.name = name;
        this.certificate = certificate;
        this.caCertificate = caCertificate;
        this.privateKey = privateKey;
        this.directory = directory;
    }

    /** The name given at issue: the SAE ID for clients (also the subject CN), the host name for servers. */
    public String name() {
        return name;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Leaf certificate first, then the CA certificate. */
    public List<X509Certificate> chain() {
        return List.of(certificate, caCertificate);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** PEM: the leaf certificate followed by the CA certificate. */
    public Path certificatePem() {
        return directory.resolve(name + ".crt.pem");
    }

    /** PEM: the unencrypted PKCS#8 private key (file mode 0600). */
    public Path privateKeyPem() {
        return directory.resolve(name + ".key.pem");
    }

    /** PKCS#12 with the key and chain under alias {@code name} (file mode 0600). */
    public Path pkcs12() {
        return directory.resolve(name + ".p12");
    }

    /** A one-line file holding the PKCS#12 password (file mode 0600). */
    public Path pkcs12PasswordFile() {
        return directory.resolve(name + ".p12.pass");
    }

    @Override
    public String toString() {
        return "Identity[" + name + ", " + certificate.getSubjectX500Principal().getName() + ", key redacted]";
    }
}
