package org.qkdmacsec.lab.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs certificates with Bouncy Castle's builders. ECDSA P-256 keeps key generation fast enough to
 * make a fresh PKI for every test class; the JDK providers do the key generation and signing, so the
 * BC provider never has to be registered globally.
 */
final class CertificateIssuer {
    private static final String SIGNATURE = "SHA256withECDSA";
    /** Backdated so a peer whose clock is a little behind still accepts a certificate just issued. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    CertificateIssuer(Clock clock, String caName) {
        this.clock = clock;
        this.caKeys = newKeyPair();
        X500Name subject = name(caName);
        this.caCertificate = sign(subject, caKeys, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }, subject);
    }

    X509Certificate caCertificate() {
        return caCertificate;
    }

    /** A server certificate for {@code cn} whose SANs are the given DNS names and IP literals (none: no extension). */
    Issued server(String cn, List<String> subjectAltNames) {
        GeneralName[] sans = subjectAltNames.stream().map(CertificateIssuer::generalName).toArray(GeneralName[]::new);
        return leaf(cn, KeyPurposeId.id_kp_serverAuth, sans.length == 0 ? null : new GeneralNames(sans));
    }

    /** A client certificate whose subject CN is {@code cn} (the SAE ID for KME clients). */
    Issued client(String cn) {
        return leaf(cn, KeyPurposeId.id_kp_clientAuth, null);
    }

    record Issued(KeyPair keys, X509Certificate certificate) {}

    private Issued leaf(String cn, KeyPurposeId purpose, GeneralNames sans) {
        KeyPair keys = newKeyPair();
        X509Certificate cert = sign(name(cn), keys, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
        }, X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()));
        return new Issued(keys, cert);
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException;
    }

    private X509Certificate sign(X500Name subject, KeyPair subjectKeys, Extensions extensions, X500Name issuer) {
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(127, random).setBit(0),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)),
                    subject, subjectKeys.getPublic());
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            if (caCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(caCertificate));
            }
            extensions.add(builder);
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new PkiException("cannot issue certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "qkd-macsec lab")
                .addRDN(BCStyle.CN, cn).build();
    }

    private static GeneralName generalName(String san) {
        return isIpLiteral(san) ? new GeneralName(GeneralName.iPAddress, san)
                : new GeneralName(GeneralName.dNSName, san);
    }

    private static boolean isIpLiteral(String s) {
        // Only literals reach InetAddress: a host name would trigger a DNS lookup.
        if (!s.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(s);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate an EC P-256 key pair: " + e.getMessage(), e);
        }
    }
}
