package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.controller.daemon.Waits.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.api.ApiCertificates;
import org.qkdmacsec.controller.api.Schemas;
import org.qkdmacsec.controller.cli.CliRun;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.kme.Fault;

/**
 * The API of a daemon on the lab, attacked the way issue 19 found it open: a cross-site POST, a DNS
 * rebinding request and a request without the token must all be refused before anything happens (no
 * transaction, no QKD key consumed); the daemon's own token (written at first start, mode 600) opens
 * changes to the CLI on the same host; operator rollovers respect the KME hold-down unless forced; the
 * API serves HTTPS; and every answer matches its published schema.
 */
class ApiSecurityTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    EmbeddedLab lab;
    Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** Two links on one Junos pair, scheduling paused: the only transactions are the ones a test asks for. */
    private String start(String api) throws Exception {
        LabFiles f = LabFiles.of(dir, 1, 2, Duration.ofHours(1), Duration.ofMinutes(1), 3, Duration.ofSeconds(1), Duration.ofSeconds(2));
        lab = f.startLab();
        daemon = Daemon.start(DaemonConfigLoader.parse("test", "journal: {data-dir: " + dir.resolve("var") + "}\n" + LabFiles.engineYaml()
                + "monitor: {observe-interval: 1s, kme-interval: 1s}\n" + api), f.write("inventory.yaml"), Clock.systemUTC(), "test/1");
        daemon.quartz().standby(); // a new link's first run would come within its jitter
        var a = daemon.apiAddress().orElseThrow();
        return "127.0.0.1:" + a.getPort();
    }

    @Test
    void crossSiteRebindingAndTokenlessRequestsAreRefusedAndBurnNoKey() throws Exception {
        String host = start("api: {port: 0}\n");
        String base = "http://" + host;
        Path tokenFile = dir.resolve("var/api-token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)), "the daemon's own token, mode 600");
        String token = Files.readString(tokenFile).strip();
        int stock = lab.kmes().storedKeyCount("sae-a", "sae-b");

        // The curl: a page on evil.example, rebound to 127.0.0.1.
        assertEquals(421, raw(host, "POST /api/links/p01-01/rollover HTTP/1.1\r\nHost: evil.example:" + port(host)
                + "\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\n\r\n"));
        // A cross-site form or fetch POST: right Host, foreign Origin — even a browser holding the token is refused.
        assertEquals(403, raw(host, "POST /api/links/p01-01/rollover HTTP/1.1\r\nHost: " + host
                + "\r\nOrigin: http://evil.example\r\nAuthorization: Bearer " + token + "\r\nContent-Length: 0\r\n\r\n"));
        // No token: refused on loopback too.
        HttpResponse<String> none = post(base + "/api/links/p01-01/rollover", null, null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals(401, post(base + "/api/links/p01-01/rollover", null, "wrong").statusCode());
        assertEquals(List.of(), daemon.runtime().journal().history("p01-01", 10), "no transaction was started");
        assertTrue(lab.kmes().storedKeyCount("sae-a", "sae-b") >= stock, "no QKD key was consumed (the lab's pool only refills)");
        String metrics = get(base + "/metrics").body();
        for (String reason : List.of("host", "origin")) {
            assertTrue(metrics.contains("qkd_macsec_api_refused_total{reason=\"" + reason + "\"} 1.0"), reason + "\n" + metrics);
        }
        assertTrue(metrics.contains("qkd_macsec_api_refused_total{reason=\"token\"} 2.0"), metrics);

        // The dashboard's own origin with the daemon's token may; so may the CLI on this host, which reads the token file itself.
        HttpResponse<String> ok = post(base + "/api/links/p01-01/rollover", base, token);
        assertEquals(202, ok.statusCode(), ok.body());
        String txn = JSON.readTree(ok.body()).path("txn").asText();
        CliRun cli = CliRun.of("rollover", "--api", base, "--link", "p01-02", "--data-dir", dir.resolve("var").toString());
        assertEquals(0, cli.code(), cli.err());
        assertTrue(cli.out().startsWith("p01-02: accepted, transaction "), cli.out());
        String cliTxn = cli.out().split("transaction ")[1].split(" ")[0];
        CliRun noToken = CliRun.of("rollover", "--api", base, "--link", "p01-02", "--data-dir", dir.resolve("nowhere").toString());
        assertEquals(1, noToken.code(), noToken.out());
        assertTrue(noToken.err().contains("401") && noToken.err().contains("bearer token"), noToken.err());
        await(() -> done(txn) && done(cliTxn), Duration.ofSeconds(60), "both operator rollovers are DONE");

        // What the dashboard reads, against the published schemas, once the monitors have looked.
        await(() -> {
            try {
                JsonNode t = JSON.readTree(get(base + "/api/timeline").body()).path("links");
                JsonNode k = JSON.readTree(get(base + "/api/kmes").body()).path("kmes");
                return t.size() == 2 && t.get(0).path("keys").size() >= 1 && t.get(1).path("keys").size() >= 1
                        && !k.get(0).path("stored_key_count").isNull();
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(30), "the links' key chains and the KMEs' stock were read");
        JsonNode links = JSON.readTree(get(base + "/api/links").body());
        Schemas.assertValid("links", links);
        JsonNode l1 = links.path("links").get(0);
        assertEquals(txn, JSON.readTree(get(base + "/api/links/p01-01/history?limit=5").body()).path("transactions").get(0).path("txn").asText());
        assertFalse(l1.path("observed").isNull(), l1.toString());
        assertEquals(0.0, l1.path("outage_seconds_last_day").asDouble(), l1.toString());
        Schemas.assertValid("link", JSON.readTree(get(base + "/api/links/p01-01").body()));
        Schemas.assertValid("history", JSON.readTree(get(base + "/api/links/p01-01/history").body()));
        JsonNode timeline = JSON.readTree(get(base + "/api/timeline").body());
        Schemas.assertValid("timeline", timeline);
        assertTrue(timeline.path("links").get(0).path("keys").findValuesAsText("key_id").contains(l1.path("active_key_id").asText()),
                "the timeline names the key in service by its key_ID: " + timeline);
        Schemas.assertValid("kmes", JSON.readTree(get(base + "/api/kmes").body()));
        Schemas.assertValid("alarms", JSON.readTree(get(base + "/api/alarms").body()));
        CliRun status = CliRun.of("status", "--api", base, "-o", "json");
        assertEquals(0, status.code(), status.err());
        Schemas.assertValid("status", JSON.readTree(status.out()));
    }

    @Test
    void anOperatorRolloverWaitsOutAKmeHoldDownUnlessForced() throws Exception {
        String host = start("api: {port: 0}\nresilience: {kme-failures: 2, hold-down: 10m}\n");
        String base = "http://" + host;
        String token = Files.readString(dir.resolve("var/api-token")).strip();
        lab.kmes().kme("kme-a").faults().sticky(Fault.unavailable());
        for (int i = 1; i <= 2; i++) {
            HttpResponse<String> r = post(base + "/api/links/p01-01/rollover", null, token);
            assertEquals(202, r.statusCode(), r.body());
            int n = i;
            await(() -> daemon.runtime().journal().history("p01-01", 10).stream().filter(t -> t.state().terminal()).count() >= n,
                    Duration.ofSeconds(60), "operator rollover " + i + " ended");
        }
        HttpResponse<String> held = post(base + "/api/links/p01-01/rollover", null, token);
        assertEquals(409, held.statusCode(), held.body());
        assertTrue(held.body().contains("held down after repeated KME failures until") && held.body().contains("force=true"), held.body());
        CliRun cli = CliRun.of("rollover", "--api", base, "--link", "p01-01", "--data-dir", dir.resolve("var").toString());
        assertEquals(1, cli.code());
        assertTrue(cli.err().contains("held down"), cli.err());
        JsonNode link = JSON.readTree(get(base + "/api/links/p01-01").body());
        assertTrue(link.path("kme_failures").asInt() >= 2, link.toString());
        assertFalse(link.path("hold_down_until").isNull());

        lab.kmes().kme("kme-a").faults().clear();
        CliRun forced = CliRun.of("rollover", "--api", base, "--link", "p01-01", "--force", "--data-dir", dir.resolve("var").toString());
        assertEquals(0, forced.code(), forced.err());
        String forcedTxn = forced.out().split("transaction ")[1].split(" ")[0];
        await(() -> done(forcedTxn), Duration.ofSeconds(60), "the forced rollover is DONE");
    }

    @Test
    void theApiIsServedOverHttpsWithTheConfiguredCertificate() throws Exception {
        ApiCertificates pki = ApiCertificates.write(dir);
        String host = start("api: {port: 0, tls: {cert: " + pki.certPem() + ", key: " + pki.keyPem() + "}}\n");
        HttpResponse<String> r = ApiCertificates.trusting(pki.cert()).send(HttpRequest.newBuilder(URI.create("https://" + host + "/api/links"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertThrows(IOException.class, () -> get("http://" + host + "/health"), "no plain HTTP");
        CliRun status = CliRun.of("status", "--api", "https://" + host, "--ca", pki.certPem().toString());
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("p01-01"), status.out());
        CliRun untrusted = CliRun.of("status", "--api", "https://" + host);
        assertEquals(1, untrusted.code());
    }

    @Test
    void anApiOffLoopbackWithoutHttpsIsRefusedBeforeAnythingIsOpened() {
        LabFiles f = LabFiles.of(dir, 1, 1, Duration.ofHours(1), Duration.ZERO, 2, Duration.ofSeconds(60), Duration.ofSeconds(60));
        ConfigException e = assertThrows(ConfigException.class, () -> Daemon.start(DaemonConfigLoader.parse("t",
                "journal: {data-dir: " + dir.resolve("var") + "}\napi: {bind: 0.0.0.0, port: 0, token: \"env:NOPE\"}\n"), f.write("i.yaml")));
        assertTrue(e.getMessage().contains("api.bind: 0.0.0.0 is not a loopback address: the API is served there over HTTPS only"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("var")), "refused before the journal or a token file was created");
    }

    // --- helpers ----------------------------------------------------------------------------------------

    /** Whether transaction {@code txnId} ended DONE (a periodic run of the same link may come and go meanwhile). */
    private boolean done(String txnId) {
        return daemon.runtime().journal().txn(txnId).map(TxnRecord::state).filter(s -> s == org.qkdmacsec.controller.journal.TxnState.DONE)
                .isPresent();
    }

    private static int port(String host) {
        return Integer.parseInt(host.substring(host.indexOf(':') + 1));
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String origin, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request exactly as written (the JDK client never sends a Host header of our choosing). */
    static int raw(String host, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port(host))) {
            OutputStream out = s.getOutputStream();
            out.write(request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return Integer.parseInt(new String(in.readNBytes(12), StandardCharsets.US_ASCII).substring(9, 12));
        }
    }
}
