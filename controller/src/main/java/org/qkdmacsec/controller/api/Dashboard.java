package org.qkdmacsec.controller.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's page and assets, shipped in the jar under {@code /dashboard/} and served from memory:
 * a fixed list of files (no path is ever mapped onto the class path, so nothing else can be fetched).
 * The page reads the API with the browser's {@code fetch}; it holds no link data itself, so it is served
 * without a token. Its Content-Security-Policy allows scripts, styles and requests to this origin only.
 */
final class Dashboard {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(String resource, String type) { }

    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset("index.html", "text/html; charset=utf-8"),
            "/dashboard/dashboard.js", new Asset("dashboard.js", "text/javascript; charset=utf-8"),
            "/dashboard/dashboard.css", new Asset("dashboard.css", "text/css; charset=utf-8"),
            "/dashboard/favicon.svg", new Asset("favicon.svg", "image/svg+xml"));

    private Dashboard() { }

    static boolean serves(String path) {
        return ASSETS.containsKey(path);
    }

    /** The asset's content type and bytes. */
    static Optional<Map.Entry<String, byte[]>> asset(String path) {
        Asset a = ASSETS.get(path);
        if (a == null) {
            return Optional.empty();
        }
        try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + a.resource())) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset " + a.resource() + " is missing from the jar");
            }
            return Optional.of(Map.entry(a.type(), in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
