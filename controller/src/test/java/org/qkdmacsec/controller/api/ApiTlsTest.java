package org.qkdmacsec.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.spi.Secret;

/** HTTPS from PEM files and from PKCS#12, and the daemon's own token file. */
class ApiTlsTest {
    @TempDir
    Path dir;

    /** A self-signed certificate for 127.0.0.1, written as PEM (chain, key) and as PKCS#12. */
    record Pki(X509Certificate cert, Path certPem, Path keyPem, Path p12) { }

    static Pki pki(Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=qkd-macsec api test"), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name("CN=qkd-macsec api test"),
                kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(kp.getPrivate())));
        Path certPem = dir.resolve("api.crt.pem");
        Path keyPem = dir.resolve("api.key.pem");
        Files.writeString(certPem, pem(cert));
        Files.writeString(keyPem, pem(new JcaPKCS8Generator(kp.getPrivate(), null))); // PKCS#8, as certbot writes it
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("api", kp.getPrivate(), "p12-pass".toCharArray(), new java.security.cert.Certificate[] {cert});
        Path p12 = dir.resolve("api.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, "p12-pass".toCharArray());
        }
        return new Pki(cert, certPem, keyPem, p12);
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    static HttpClient trusting(X509Certificate cert) throws Exception {
        KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
        ts.load(null, null);
        ts.setCertificateEntry("ca", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    @Test
    void servesHttpsFromPemFilesAndFromPkcs12() throws Exception {
        Pki pki = pki(dir);
        for (SSLContext ctx : new SSLContext[] {ApiTls.fromPem(pki.certPem(), pki.keyPem()),
                ApiTls.fromPkcs12(pki.p12(), Secret.copyOf("p12-pass".getBytes(StandardCharsets.UTF_8)))}) {
            var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Secret t = Secret.copyOf("tok".getBytes(StandardCharsets.UTF_8));
                 ApiServer s = ApiServer.start(new ApiServer.Options("127.0.0.1", 0, t, ReadAccess.TOKEN, Set.of(), Set.of(), Optional.of(ctx),
                         registry), new RecordingBackend(new ArrayList<>(), registry), Clock.systemUTC())) {
                assertEquals("https", s.scheme());
                URI u = URI.create("https://127.0.0.1:" + s.address().getPort() + "/api/links");
                HttpResponse<String> r = trusting(pki.cert()).send(HttpRequest.newBuilder(u).header("Authorization", "Bearer tok").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + s.address().getPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString()), "no plain HTTP on that port");
            }
        }
    }

    @Test
    void badTlsFilesAreNamedWithoutTheirContent() throws Exception {
        Pki pki = pki(dir);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ApiTls.fromPkcs12(pki.p12(), Secret.copyOf("nope".getBytes(StandardCharsets.UTF_8))));
        assertTrue(wrong.getMessage().contains("api.p12") && wrong.getMessage().contains("wrong password?"), wrong.getMessage());
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> ApiTls.fromPem(pki.certPem(), pki.certPem()));
        assertTrue(noKey.getMessage().contains("no PEM private key found"), noKey.getMessage());
    }

    @Test
    void theTokenFileIsMadeOnceWithMode600AndRefusedWhenOthersMayReadIt() throws Exception {
        Path f = dir.resolve("state/api-token");
        String first;
        try (Secret s = TokenFile.loadOrCreate(f)) {
            first = s.apply(b -> new String(b, StandardCharsets.UTF_8));
        }
        assertEquals(43, first.length(), "32 random bytes, base64url");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (Secret again = TokenFile.loadOrCreate(f)) {
            assertEquals(first, again.apply(b -> new String(b, StandardCharsets.UTF_8)), "the second start reads the same token");
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TokenFile.read(f));
        assertTrue(e.getMessage().contains("chmod 600") && !e.getMessage().contains(first), e.getMessage());
    }
}
