package org.qkdmacsec.controller.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.qkdmacsec.controller.api.TokenFile;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.spi.Secret;

/**
 * The CLI's side of the daemon's API. The bearer token comes from {@code --token}; without it, for a
 * loopback URL only, from the daemon's own token file on this host (never sent to another host).
 */
final class ApiClient {
    private final URI base;
    private final HttpClient http;
    private final Optional<String> authorization;

    private ApiClient(URI base, HttpClient http, Optional<String> authorization) {
        this.base = base;
        this.http = http;
        this.authorization = authorization;
    }

    /** A client for {@code options}, or empty after saying on {@code err} what is wrong (a usage error). */
    static Optional<ApiClient> open(ApiOptions options, Optional<Path> dataDir, PrintWriter err) {
        URI base;
        try {
            base = URI.create(options.url.replaceAll("/+$", "") + "/");
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            return fail(err, "--api: '" + options.url + "' is not an http:// or https:// URL");
        }
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER);
        if (options.ca != null) {
            try {
                b.sslContext(trusting(options.ca));
            } catch (IOException | GeneralSecurityException e) {
                return fail(err, "--ca " + options.ca + ": cannot read PEM certificates: " + e.getMessage());
            }
        }
        Optional<String> auth;
        try {
            auth = token(options, base, dataDir, err);
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }
        return Optional.of(new ApiClient(base, b.build(), auth));
    }

    private static Optional<String> token(ApiOptions options, URI base, Optional<Path> dataDir, PrintWriter err) {
        Optional<Secret> secret;
        if (options.token != null) {
            SecretRef ref = SecretRef.parse(options.token).orElseThrow(() -> new IllegalArgumentException(
                    "--token takes env:NAME or file:PATH, not the token itself"));
            try {
                secret = Optional.of(ref.resolve());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--token: " + e.getMessage(), e);
            }
        } else if (loopback(base)) {
            Path file = JournalDatabase.defaultDataDir(dataDir, System.getenv()).resolve(TokenFile.NAME);
            try {
                secret = Files.isReadable(file) ? TokenFile.read(file) : Optional.empty();
            } catch (IllegalStateException e) {
                err.println("warning: " + e.getMessage() + "; going on without a token");
                secret = Optional.empty();
            }
        } else {
            secret = Optional.empty();
        }
        return secret.map(s -> {
            try (s) {
                return s.apply(x -> "Bearer " + new String(x, StandardCharsets.UTF_8));
            }
        });
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** What a non-2xx answer means, in the operator's words. */
    String explain(HttpResponse<String> r) {
        String body = r.body();
        try {
            body = Json.MAPPER.readTree(body).path("error").asText(body);
        } catch (IOException e) {
            // not JSON: show it as it is
        }
        if (r.statusCode() == 401) {
            return "the daemon wants its bearer token (--token env:NAME or file:PATH; on the daemon's host, --data-dir to find its"
                    + " api-token file): " + body;
        }
        return body;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).header("Accept", "application/json");
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static boolean loopback(URI u) {
        try {
            String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
            // Literal addresses only: a name is never resolved to decide where the token may go.
            return host.equalsIgnoreCase("localhost") || host.matches("[0-9.:a-fA-F]+") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static SSLContext trusting(Path ca) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int n = 0;
        try (InputStream in = Files.newInputStream(ca)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + n++, c);
            }
        }
        if (n == 0) {
            throw new GeneralSecurityException("no certificate found");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static <T> Optional<T> fail(PrintWriter err, String message) {
        err.println(message);
        err.flush();
        return Optional.empty();
    }
}
