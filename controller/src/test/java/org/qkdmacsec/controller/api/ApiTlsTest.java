package org.qkdmacsec.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.spi.Secret;

/** HTTPS from PEM files and from PKCS#12, and the daemon's own token file. */
class ApiTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsFromPemFilesAndFromPkcs12() throws Exception {
        ApiCertificates pki = ApiCertificates.write(dir);
        for (SSLContext ctx : new SSLContext[] {ApiTls.fromPem(pki.certPem(), pki.keyPem()),
                ApiTls.fromPkcs12(pki.p12(), Secret.copyOf(ApiCertificates.P12_PASSWORD.getBytes(StandardCharsets.UTF_8)))}) {
            var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Secret t = Secret.copyOf("tok".getBytes(StandardCharsets.UTF_8));
                 ApiServer s = ApiServer.start(new ApiServer.Options("127.0.0.1", 0, t, ReadAccess.TOKEN, Set.of(), Set.of(), Optional.of(ctx),
                         registry), new RecordingBackend(new ArrayList<>(), registry), Clock.systemUTC())) {
                assertEquals("https", s.scheme());
                URI u = URI.create("https://127.0.0.1:" + s.address().getPort() + "/api/links");
                HttpResponse<String> r = ApiCertificates.trusting(pki.cert()).send(HttpRequest.newBuilder(u).header("Authorization", "Bearer tok").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + s.address().getPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString()), "no plain HTTP on that port");
            }
        }
    }

    @Test
    void badTlsFilesAreNamedWithoutTheirContent() throws Exception {
        ApiCertificates pki = ApiCertificates.write(dir);
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
