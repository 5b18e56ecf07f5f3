package org.qkdmacsec.lab.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static Identity server;
    static Identity client;

    @BeforeAll
    static void issue() {
        pki = TestPki.create(dir);
        server = pki.issueServer("kme-a", "kme-a.lab", "10.0.0.7");
        client = pki.issueClient("sae-a");
    }

    @Test
    void writesPemPkcs12AndKeepsPrivateFilesOwnerOnly() throws Exception {
        for (Identity id : List.of(server, client)) {
            assertTrue(Files.isRegularFile(id.certificatePem()));
            for (Path secret : List.of(id.privateKeyPem(), id.pkcs12(), id.pkcs12PasswordFile())) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)),
                        secret.toString());
            }
            try (Reader r = Files.newBufferedReader(id.privateKeyPem()); PEMParser p = new PEMParser(r)) {
                Object o = p.readObject();
                assertTrue(o instanceof PrivateKeyInfo, "PKCS#8 private key expected, got " + o);
                assertArrayEquals(id.privateKey().getEncoded(), ((PrivateKeyInfo) o).getEncoded());
            }
            List<X509Certificate> chain = readCertificates(id.certificatePem());
            assertEquals(id.chain(), chain);
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            char[] password = Files.readString(id.pkcs12PasswordFile()).strip().toCharArray();
            try (InputStream in = Files.newInputStream(id.pkcs12())) {
                p12.load(in, password);
            }
            assertEquals(id.certificate(), p12.getCertificate(id.name()));
            assertArrayEquals(id.privateKey().getEncoded(), p12.getKey(id.name(), password).getEncoded());
        }
        assertEquals(List.of(pki.caCertificate()), readCertificates(pki.caBundle()));
    }

    @Test
    void certificatesChainToTheCaWithTheExpectedNames() throws Exception {
        for (Identity id : List.of(server, client)) {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(pki.caCertificate(), null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(id.certificate())), params);
        }
        assertEquals("CN=sae-a,O=qkd-macsec lab", client.certificate().getSubjectX500Principal().getName());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), client.certificate().getExtendedKeyUsage()); // clientAuth
        Set<String> sans = server.certificate().getSubjectAlternativeNames().stream()
                .map(san -> san.get(0) + ":" + san.get(1)).collect(Collectors.toSet());
        assertEquals(Set.of("7:127.0.0.1", "7:0:0:0:0:0:0:0:1", "2:localhost", "2:kme-a", "2:kme-a.lab", "7:10.0.0.7"), sans);
        assertFalse(server.toString().contains(server.privateKey().toString()));
        assertTrue(server.toString().contains("key redacted"));
    }

    @Test
    void mutualTlsHandshakeSeesTheClientIdentityAndRefusesAnonymousClients() throws Exception {
        ServerTls tls = pki.serverTls(server);
        try (SSLServerSocket ss = (SSLServerSocket) tls.context().getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            ss.setSSLParameters(tls.parameters());
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> acceptOne(ss));
            try (SSLSocket s = (SSLSocket) pki.clientContext(client).getSocketFactory()
                    .createSocket("127.0.0.1", ss.getLocalPort())) {
                s.startHandshake();
                s.getOutputStream().write(1);
                assertEquals(1, s.getInputStream().read());
            }
            assertEquals("CN=sae-a,O=qkd-macsec lab", seen.get(30, TimeUnit.SECONDS));

            CompletableFuture<String> refused = CompletableFuture.supplyAsync(() -> acceptOne(ss));
            try (SSLSocket s = (SSLSocket) pki.trustOnlyContext().getSocketFactory()
                    .createSocket("127.0.0.1", ss.getLocalPort())) {
                assertThrows(IOException.class, () -> {
                    s.startHandshake();
                    OutputStream out = s.getOutputStream();
                    out.write(1);
                    out.flush();
                    if (s.getInputStream().read() < 0) {
                        throw new SSLException("closed");
                    }
                });
            }
            assertTrue(refused.get(30, TimeUnit.SECONDS).startsWith("refused"));
        }
    }

    @Test
    void rejectsNamesThatAreNotSafeFileNames() {
        assertThrows(IllegalArgumentException.class, () -> pki.issueClient("../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> pki.issueClient(""));
        assertThrows(IllegalArgumentException.class, () -> pki.issueServer("kme-x", " "));
    }

    private static String acceptOne(SSLServerSocket ss) {
        try (SSLSocket s = (SSLSocket) ss.accept()) {
            s.startHandshake();
            String peer = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            s.getOutputStream().write(s.getInputStream().read());
            return peer;
        } catch (IOException e) {
            return "refused: " + e;
        }
    }

    private static List<X509Certificate> readCertificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).collect(Collectors.toList());
        }
    }
}
