package org.qkdmacsec.controller.kme;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;

/**
 * Decides whether the KME's server certificate is the KME: either it is one of the pinned certificates
 * ({@code server-cert-sha256:} / {@code server-cert:}), or it chains to a trusted CA and names the URL's host
 * in its subjectAltName (no fallback to the CN, which RFC 6125 retired). A refusal says which option fixes it,
 * so an operator facing a certificate without a matching SAN pins it rather than reaching for
 * {@code insecure: true}.
 */
final class KmeTrust extends X509ExtendedTrustManager {
    /** A refusal whose message is meant for the operator as it stands. */
    static final class Refused extends CertificateException {
        private static final long serialVersionUID = 1L;

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final DefaultHostnameVerifier HOSTNAMES = new DefaultHostnameVerifier();

    private final String kmeId;
    private final String host;
    private final X509TrustManager cas;
    private final Set<String> pins;

    /**
     * @param cas  the CA check, or null when only the pins decide
     * @param pins SHA-256 fingerprints (lower-case hex); empty for CA + host name
     */
    KmeTrust(String kmeId, String host, X509TrustManager cas, Set<String> pins) {
        this.kmeId = kmeId;
        this.host = host;
        this.cas = cas;
        this.pins = Set.copyOf(pins);
    }

    static String sha256(X509Certificate cert) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new Refused("KME " + kmeId + " presented no certificate", null);
        }
        X509Certificate leaf = chain[0];
        String fingerprint = sha256(leaf);
        if (!pins.isEmpty()) {
            if (!pins.contains(fingerprint)) {
                throw new Refused("the KME's certificate (" + subject(leaf) + ", SHA-256 " + fingerprint
                        + ") is not the one pinned for KME " + kmeId + " (server-cert-sha256 / server-cert)", null);
            }
            leaf.checkValidity();
            if (cas != null) {
                checkChain(chain, authType, fingerprint);
            }
            return;
        }
        checkChain(chain, authType, fingerprint);
        List<String> names = altNames(leaf);
        if (names.isEmpty()) {
            throw new Refused("the KME's certificate (" + subject(leaf) + ") has no subjectAltName, so it cannot be"
                    + " checked against host " + host + pinHint(fingerprint), null);
        }
        try {
            HOSTNAMES.verify(host, leaf);
        } catch (SSLException e) {
            throw new Refused("the KME's certificate names " + names + ", not " + host + pinHint(fingerprint), e);
        }
    }

    private void checkChain(X509Certificate[] chain, String authType, String fingerprint) throws CertificateException {
        try {
            cas.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new Refused("the KME's certificate (" + subject(chain[0]) + ", SHA-256 " + fingerprint
                    + ") is not trusted: " + KmeHttp.describe(e) + " (set ca: to the PEM bundle of the CA that issued it)", e);
        }
    }

    private String pinHint(String fingerprint) {
        return "; if this is the KME's certificate (check its SHA-256 " + fingerprint + " with the KME's operator),"
                + " pin it with server-cert-sha256: " + fingerprint + " or server-cert: FILE on KME " + kmeId
                + " (a pin replaces the host name check; insecure: true does not turn it off)";
    }

    private static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    private static List<String> altNames(X509Certificate cert) throws CertificateParsingException {
        List<String> out = new ArrayList<>();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                Object type = san.get(0);
                if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) { // dNSName, iPAddress
                    out.add(String.valueOf(san.get(1)));
                }
            }
        }
        return out;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a KME client does not accept clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return cas == null ? new X509Certificate[0] : cas.getAcceptedIssuers();
    }
}
