package org.qkdmacsec.lab.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.LabMain;
import picocli.CommandLine;

class KmeLabCommandTest {
    @TempDir
    Path dir;

    /** A command running in the background, as from a terminal; {@link #stop()} is the Ctrl-C. */
    static final class Running {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Running(String... args) throws Exception {
            CommandLine cli = new CommandLine(new LabMain());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            Thread t = new Thread(() -> exit.complete(cli.execute(args)), "lab-kme-under-test");
            thread.set(t);
            t.start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!out.toString().contains("Ctrl-C") && !exit.isDone() && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
        }

        String api(String kmeId) {
            Matcher m = Pattern.compile("KME " + kmeId + "  \\S+  (\\S+)").matcher(out.toString());
            assertTrue(m.find(), out::toString);
            return m.group(1);
        }

        int stop() throws Exception {
            thread.get().interrupt();
            return exit.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsTheDefaultPairOverMtlsWithFilesAnIndependentClientCanUse() throws Exception {
        Running lab = new Running("kme", "--pki-dir", dir.toString());
        String printed = lab.out.toString();
        assertTrue(printed.contains("CA bundle  " + dir.resolve("ca.pem")), printed);
        assertTrue(printed.contains("SAE sae-a  certificate " + dir.resolve("sae-a.crt.pem") + "  key "
                + dir.resolve("sae-a.key.pem") + "  pkcs12 " + dir.resolve("sae-a.p12") + "  pkcs12-password-file "
                + dir.resolve("sae-a.p12.pass")), printed);
        URI a = URI.create(lab.api("kme-a"));
        URI b = URI.create(lab.api("kme-b"));
        assertEquals("https", a.getScheme());
        try {
            EtsiClient.Response enc = new EtsiClient(a, fromFiles("sae-a")).encKeys("sae-b", 8, 256);
            assertEquals(200, enc.status(), enc::toString);
            EtsiClient.Response dec = new EtsiClient(b, fromFiles("sae-b")).decKeys("sae-a", enc.keyIds());
            assertEquals(200, dec.status(), dec::toString);
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(enc.keyBytes().get(i), dec.keyBytes().get(i));
            }
        } finally {
            assertEquals(0, lab.stop());
        }
        assertThrows(ConnectException.class, () -> new EtsiClient(a, fromFiles("sae-a")).get("sae-b/status"));
    }

    @Test
    void runsTheNetworkAYamlFileDescribes() throws Exception {
        Path config = dir.resolve("kmes.yaml");
        Files.writeString(config, String.join("\n",
                "kmes:",
                "  - {id: alice-kme, mode: qupskd}",
                "  - {id: bob-kme, mode: insecure, max_key_per_request: 2}",
                "  - {id: carol-kme, mode: insecure}",
                "saes:",
                "  - {id: bob, kme: bob-kme}",
                "  - {id: carol, kme: carol-kme}",
                "pool: {max_key_count: 5, keys_per_second: 0}",
                ""));
        Running lab = new Running("kme", "--config", config.toString());
        try {
            assertTrue(lab.out.toString().contains("KME alice-kme  qupskd  http://127.0.0.1:"), lab.out::toString);
            assertTrue(!lab.out.toString().contains("CA bundle"), "no mTLS KME, no PKI");
            assertEquals(200, new EtsiClient(URI.create(lab.api("alice-kme")), null).get("x/status").status(), "quPSKd: a Key container");
            EtsiClient bob = new EtsiClient(URI.create(lab.api("bob-kme")), null);
            assertEquals(2, bob.get("carol/status").json().path("max_key_per_request").asInt());
            assertEquals(5, bob.get("carol/status").json().path("stored_key_count").asInt());
        } finally {
            assertEquals(0, lab.stop());
        }
    }

    @Test
    void configurationAndUsageErrorsExitWith2AndSayWhatIsWrong() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "kmes:\n  - id: kme-a\n    prot: 8443\n");
        Running bad = new Running("kme", "--config", config.toString());
        assertEquals(2, bad.exit.get(60, TimeUnit.SECONDS));
        assertTrue(bad.err.toString().contains(config + ":3:5: kmes[0].prot: unknown field (expected one of: id, mode, port, min_key_size, max_key_size, "
                + "max_key_per_request, quirks)"), bad.err::toString);

        Running noPki = new Running("kme");
        assertEquals(2, noPki.exit.get(60, TimeUnit.SECONDS), noPki.err::toString);
        assertTrue(noPki.err.toString().contains("mtls KMEs need --pki-dir DIR"), noPki.err::toString);

        Running both = new Running("kme", "--config", config.toString(), "--port-a", "8443");
        assertEquals(2, both.exit.get(60, TimeUnit.SECONDS));
        assertTrue(both.err.toString().contains("--port-a describes the default pair"), both.err::toString);

        Files.writeString(config, "kmes:\n  - {id: kme-a, mode: insecure}\nsaes:\n  - {id: sae-a, kme: kme-z}\n");
        Running invalid = new Running("kme", "--config", config.toString());
        assertEquals(2, invalid.exit.get(60, TimeUnit.SECONDS));
        assertTrue(invalid.err.toString().contains(config + ":4:22: saes[0].kme: unknown KME 'kme-z' (known KMEs: kme-a)"),
                invalid.err::toString);

        Files.writeString(config, "kmes:\n  - {id: kme-a, mode: tls, quirks: [no-such-quirk]}\npool: {keys_per_second: fast}\n");
        Running wrong = new Running("kme", "--config", config.toString());
        assertEquals(2, wrong.exit.get(60, TimeUnit.SECONDS));
        String errors = wrong.err.toString();
        assertTrue(errors.contains(config + ":2:23: kmes[0].mode: unknown mode 'tls' (use mtls, insecure, qupskd, next-door)"), errors);
        assertTrue(errors.contains("kmes[0].quirks: unknown quirk 'no-such-quirk' (known: "), errors);
        assertTrue(errors.contains(config + ":3:25: pool.keys_per_second: expected a number, got 'fast' (allowed: 0 to 1000000000)"), errors);
    }

    @Test
    void aPortInUseExitsWith1NamingTheKmeAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Running lab = new Running("kme", "--mode", "insecure", "--port-b", String.valueOf(taken.getLocalPort()));
            assertEquals(1, lab.exit.get(60, TimeUnit.SECONDS), lab.err::toString);
            assertTrue(lab.err.toString().contains("KME 'kme-b' cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    lab.err::toString);
        }
    }

    /** An SSLContext made only from the files the command printed: PKCS#12 + its password file + CA PEM. */
    private SSLContext fromFiles(String sae) throws Exception {
        char[] password = Files.readString(dir.resolve(sae + ".p12.pass")).strip().toCharArray();
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(sae + ".p12"))) {
            p12.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(p12, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
