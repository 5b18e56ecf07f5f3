package org.qkdmacsec.controller.api;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, before any handler runs, whether a request may be served (docs/api.md "Security"):
 *
 * <ol>
 *   <li><b>Host</b> must name this server: an IP literal, {@code localhost}, or a name in
 *       {@code api.allowed-hosts}. A DNS-rebinding page reaches us under its own name
 *       ({@code Host: evil.example:9464}) and is refused with 421.</li>
 *   <li><b>Origin</b>, when a browser sends one, must be this server's own origin (same scheme, an
 *       allowed host, this port) or one listed in {@code api.allowed-origins}. A cross-site page's
 *       request is refused with 403 before it can do anything; {@code Origin: null} is refused too.</li>
 *   <li><b>Token</b>: every change (POST) needs the bearer token, always; reads need it when
 *       {@link ReadAccess#TOKEN}. {@code /health}, {@code /ready} and the dashboard's static files are
 *       open (they carry no link data).</li>
 * </ol>
 *
 * The token alone would stop a cross-site POST (a page cannot add an Authorization header without a
 * CORS preflight, which this server never grants); the Host and Origin checks stop the requests that
 * need no token and close the door should a browser ever hold one.
 */
final class RequestGuard {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/ready");

    /** Why a request is refused; {@code reason} labels {@code qkd_macsec_api_refused_total}. */
    record Refusal(int status, String reason, String message) { }

    private final BearerToken token;
    private final ReadAccess reads;
    private final Set<String> allowedHosts;
    private final Set<String> allowedOrigins;
    private final String scheme;
    private final int port;

    /**
     * @param allowedHosts   DNS names (lower case) under which clients reach the API besides IP literals and localhost
     * @param allowedOrigins exact origins ({@code https://noc.example.net}) accepted besides this server's own
     * @param port           the port this server listens on
     */
    RequestGuard(BearerToken token, ReadAccess reads, Set<String> allowedHosts, Set<String> allowedOrigins, String scheme, int port) {
        this.token = token;
        this.reads = reads;
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.scheme = scheme;
        this.port = port;
    }

    Optional<Refusal> check(String method, String path, Headers headers) {
        String host = headers.getFirst("Host");
        if (host == null || headers.get("Host").size() != 1) {
            return Optional.of(new Refusal(400, "host", "exactly one Host header is required"));
        }
        Optional<String> hostName = hostOf(host);
        if (hostName.isEmpty() || !hostAllowed(hostName.get())) {
            return Optional.of(new Refusal(421, "host", "Host '" + clip(host) + "' is not a name of this server (an IP address,"
                    + " localhost, or a name listed in api.allowed-hosts)"));
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !originAllowed(origin)) {
            return Optional.of(new Refusal(403, "origin", "requests from origin '" + clip(origin) + "' are not allowed"
                    + " (only this server's own pages and api.allowed-origins)"));
        }
        boolean change = !method.equals("GET") && !method.equals("HEAD");
        boolean open = OPEN_PATHS.contains(path) || Dashboard.serves(path);
        if ((change || reads == ReadAccess.TOKEN && !open) && !token.accepts(Optional.ofNullable(headers.getFirst("Authorization")))) {
            return Optional.of(new Refusal(401, "token", "a valid bearer token is required (Authorization: Bearer <token>)"));
        }
        return Optional.empty();
    }

    boolean hostAllowed(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        // An IP literal cannot be rebound: a page can only make the browser send it by being served from it.
        return n.startsWith("[") && n.endsWith("]") || IPV4.matcher(n).matches() || n.equals("localhost") || allowedHosts.contains(n);
    }

    private boolean originAllowed(String origin) {
        if (allowedOrigins.contains(origin)) {
            return true;
        }
        URI u;
        try {
            u = new URI(origin);
        } catch (URISyntaxException e) {
            return false; // includes the opaque "null" origin of sandboxed frames and file: pages
        }
        if (u.getScheme() == null || u.getHost() == null || !u.getScheme().equalsIgnoreCase(scheme)) {
            return false;
        }
        int p = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return p == port && hostAllowed(u.getHost());
    }

    /** The name part of a Host header ({@code name}, {@code name:port}, {@code [v6]:port}); empty when malformed. */
    static Optional<String> hostOf(String header) {
        String h = header.strip();
        String name;
        String rest;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            name = h.substring(0, close + 1);
            rest = h.substring(close + 1);
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            rest = colon < 0 ? "" : h.substring(colon);
        }
        if (name.isEmpty() || !rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }
}
