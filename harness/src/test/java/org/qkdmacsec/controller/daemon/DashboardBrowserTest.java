package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.RepoFiles;
import org.qkdmacsec.harness.lab.EmbeddedLab;

/**
 * The dashboard in a real browser (headless Chromium from Debian, driven through Debian's chromedriver)
 * against a daemon on the embedded lab: the table and the key-lifetime timeline follow a rollover, an
 * operator unlocks with the daemon's token and rolls a link, and a page on another origin — or reached
 * through a rebound DNS name — gets nothing done. Screenshots go to target/dashboard/, and to
 * docs/dashboard/ with {@code -Ddashboard.docs=true} (docs/dashboard.md).
 */
@Tag("browser")
class DashboardBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    EmbeddedLab lab;
    Daemon daemon;
    ChromeDriver browser;
    HttpServer evil;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (evil != null) {
            evil.stop(0);
        }
        if (daemon != null) {
            daemon.stop();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theDashboardFollowsARolloverAndRefusesAnotherOriginsRequests() throws Exception {
        Path inventory = labInventory();
        lab = EmbeddedLab.start(InventoryLoader.load(inventory), Clock.systemUTC(), EmbeddedLab.Ports.FIXED, Optional.empty());
        daemon = Daemon.start(DaemonConfigLoader.parse("test", "journal: {data-dir: " + dir.resolve("var") + "}\n" + LabFiles.engineYaml()
                + "api: {port: 0}\nmonitor: {observe-interval: 2s, kme-interval: 2s}\n"), inventory, Clock.systemUTC(), "test/1");
        int port = daemon.apiAddress().orElseThrow().getPort();
        String base = "http://127.0.0.1:" + port;
        browser = chromium(dir.resolve("chromium"));
        browser.manage().window().setSize(new Dimension(1600, 1000));
        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120), Duration.ofMillis(250));
        wait.ignoring(StaleElementReferenceException.class); // the page redraws its table every 5 s

        // Every lab link in the table; r1-r2 gets a key, then a newer one: the table and the timeline show the change.
        wait.until(b -> b.findElements(By.cssSelector("#links tbody tr[data-link]")).size() == 3);
        String first = wait.until(b -> keyIdShown(b.findElement(By.cssSelector("tr[data-link='r1-r2'] td.key .key-id"))));
        String next = wait.until(b -> {
            String now = keyIdShown(b.findElement(By.cssSelector("tr[data-link='r1-r2'] td.key .key-id")));
            return now != null && !now.equals(first) ? now : null;
        });
        assertTrue(daemon.runtime().journal().history("r1-r2", 50).stream().flatMap(t -> t.keys().stream())
                .anyMatch(k -> k.keyId().equals(next)), "the key_ID shown is one the journal gave r1-r2: " + next);
        String ckn = wait.until(b -> {
            try {
                String c = JSON.readTree(get(base + "/api/links/r1-r2").body()).path("active_ckn").asText();
                return b.findElements(By.cssSelector("svg[data-link='r1-r2'] rect.key.active[data-ckn='" + c + "']")).isEmpty() ? null : c;
            } catch (Exception e) {
                return null;
            }
        });
        assertTrue(browser.findElements(By.cssSelector("svg[data-link='r1-r2'] rect.key")).size() >= 2, "the old and the new key");
        assertTrue(browser.findElements(By.cssSelector("svg[data-link='r1-r2'] line.switch")).size() >= 1, "the switch instant");
        assertTrue(text(browser, "tr[data-link='r1-r2'] td.key .ckn").startsWith(ckn.substring(0, 12)));
        assertEquals("3", text(browser, "[data-tile='links'] b"));
        wait.until(b -> b.findElements(By.cssSelector("#kmes tbody tr[data-kme]")).size() == 2
                && !text(b, "#kmes tbody tr[data-kme] td.stored").equals("–"));

        // Read-only until the daemon's token is entered; then a rollover from the page is accepted.
        WebElement roll = browser.findElement(By.cssSelector("tr[data-link='x1-x2'] button.roll"));
        assertTrue(!roll.isEnabled(), "read-only without the token");
        browser.findElement(By.id("token")).sendKeys(Files.readString(dir.resolve("var/api-token")).strip());
        browser.findElement(By.id("unlock")).click();
        assertEquals("operator", text(browser, "#mode"));
        String rolled = "";
        // The lab's links roll every 10 s and a batch over r1, r2 and x3 prepares for about 17 s of it
        // (three routers committing and confirming in turn), so a press often meets a periodic run.
        for (int attempt = 0; attempt < 12 && !rolled.contains("a fresh key goes into service"); attempt++) {
            if (attempt > 0) {
                Thread.sleep(2_000);
            }
            wait.until(b -> b.findElement(By.cssSelector("tr[data-link='r1-x3'] button.roll")).isEnabled());
            browser.findElement(By.cssSelector("tr[data-link='r1-x3'] button.roll")).click();
            assertEquals("Confirm", wait.until(b -> text(b, "tr[data-link='r1-x3'] button.roll.confirm")), "a second press confirms");
            browser.findElement(By.cssSelector("tr[data-link='r1-x3'] button.roll")).click();
            // A periodic run may be preparing the link at that instant (409): then press again.
            rolled = wait.until(b -> text(b, "#toast").startsWith("r1-x3: ") ? text(b, "#toast") : null);
            browser.executeScript("document.getElementById('toast').textContent = ''");
        }
        assertTrue(rolled.contains("follow /api/links/r1-x3/history"), rolled);
        screenshots("operator", List.of(new Dimension(1600, 1000)), base);
        browser.findElement(By.id("lock")).click();

        // A page on another origin POSTs to the API (a form and a no-cors fetch): refused by Origin, nothing started.
        double refusedBefore = refused(base, "origin");
        int evilPort = freePort();
        evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), evilPort), 0);
        String page = "<!doctype html><title>evil</title><form id=f method=post action='" + base + "/api/links/r1-r2/rollover'></form>"
                + "<script>fetch('" + base + "/api/links/r1-r2/rollover',{method:'POST',mode:'no-cors'}).finally(()=>{document.title='sent';"
                + "document.getElementById('f').submit();});</script>";
        evil.createContext("/", x -> {
            byte[] b = page.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/html");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        evil.start();
        browser.get("http://localhost:" + evilPort + "/");
        wait.until(b -> refused(base, "origin") >= refusedBefore + 2);
        assertTrue(browser.getPageSource().contains("are not allowed"), "the form's POST landed on the refusal: " + browser.getPageSource());

        // DNS rebinding: the browser resolves rebind.example to 127.0.0.1 and asks the API under that name.
        browser.get("http://rebind.example:" + port + "/api/links");
        assertTrue(browser.getPageSource().contains("is not a name of this server"), browser.getPageSource());

        // Screenshots once a few keys have come and gone.
        browser.get(base + "/");
        wait.until(b -> b.findElements(By.cssSelector("svg[data-link='x1-x2'] rect.key")).size() >= 2
                && b.findElements(By.cssSelector("svg[data-link='r1-r2'] line.switch")).size() >= 2);
        screenshots("dashboard", List.of(new Dimension(1920, 1080), new Dimension(1280, 800)), base);
    }

    private static String keyIdShown(WebElement cell) {
        String t = cell.getText().strip();
        return t.isEmpty() || t.equals("–") ? null : t;
    }

    private static String text(org.openqa.selenium.WebDriver b, String css) {
        return b.findElement(By.cssSelector(css)).getText().strip();
    }

    private void screenshots(String name, List<Dimension> sizes, String base) throws IOException {
        for (Dimension d : sizes) {
            browser.manage().window().setSize(d);
            browser.navigate().refresh();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> "on".equals(b.findElement(By.tagName("body")).getDomAttribute("data-live"))
                    && !b.findElements(By.cssSelector("#timeline svg[data-link] rect.key")).isEmpty());
            Path out = Path.of("target/dashboard/" + name + "-" + d.getWidth() + "x" + d.getHeight() + ".png");
            Files.createDirectories(out.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), out, StandardCopyOption.REPLACE_EXISTING);
            if (Boolean.getBoolean("dashboard.docs")) {
                Path docs = RepoFiles.of("docs/dashboard").resolve(out.getFileName());
                Files.createDirectories(docs.getParent());
                Files.copy(out, docs, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static ChromeDriver chromium(Path profile) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP rebind.example 127.0.0.1", "--force-device-scale-factor=1", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver", "/usr/bin/chromedriver"))).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    private Path labInventory() throws IOException {
        String text = Files.readString(Path.of("src/test/resources/dashboard-lab.yaml"));
        for (String p : List.of("R1", "R2", "X1", "X2", "X3", "X1_GNMI", "X2_GNMI", "X3_GNMI", "KME_A", "KME_B")) {
            text = text.replace("${" + p + "}", String.valueOf(freePort()));
        }
        Path file = dir.resolve("dashboard-lab.yaml");
        Files.writeString(file, text.replace("${STATE}", dir.resolve("lab").toString()));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static double refused(String base, String reason) {
        try {
            for (String line : get(base + "/metrics").body().split("\n")) {
                if (line.startsWith("qkd_macsec_api_refused_total{reason=\"" + reason + "\"}")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            // not yet
        }
        return 0;
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
