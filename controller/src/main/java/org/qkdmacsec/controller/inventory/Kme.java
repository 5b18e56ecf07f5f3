package org.qkdmacsec.controller.inventory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A KME as one SAE reaches it (ETSI GS QKD 014).
 *
 * @param url                base address; the API lives under {@code url + "/api/v1/keys/"}
 * @param saeId              the SAE this connection acts as (with mTLS: its client certificate's CN)
 * @param clientIdentity     client certificate for mutual TLS (absent only with {@code insecure})
 * @param caBundle           PEM bundle trusted for the KME's server certificate (absent: the JDK's)
 * @param insecure           allows {@code http://} and no client certificate
 * @param maxKeysPerRequest  overrides the KME's {@code max_key_per_request} (needed for KMEs without {@code /status})
 * @param statusMode         what {@code /status} decides before a rollover ({@code status:}, default advisory)
 * @param serverCertSha256   pinned SHA-256 fingerprints (64 lower-case hex digits) of the KME's server
 *                           certificate: with a pin, the certificate must be one of these and its host name
 *                           is not checked ({@code server-cert-sha256:})
 * @param serverCert         a pinned server certificate file (PEM); its fingerprint joins the pins when the
 *                           client is opened ({@code server-cert:})
 */
public record Kme(String id, URI url, Optional<String> saeId, Optional<ClientIdentity> clientIdentity,
                  Optional<Path> caBundle, Duration connectTimeout, Duration readTimeout, boolean insecure,
                  KmeMethod method, OptionalInt maxKeysPerRequest, KmeStatusMode statusMode,
                  List<String> serverCertSha256, Optional<Path> serverCert) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    public Kme {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(saeId, "saeId");
        Objects.requireNonNull(clientIdentity, "clientIdentity");
        Objects.requireNonNull(caBundle, "caBundle");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(maxKeysPerRequest, "maxKeysPerRequest");
        Objects.requireNonNull(statusMode, "statusMode");
        serverCertSha256 = List.copyOf(serverCertSha256);
        Objects.requireNonNull(serverCert, "serverCert");
    }

    /** Whether the server certificate is pinned (then it replaces host name verification). */
    public boolean pinned() {
        return !serverCertSha256.isEmpty() || serverCert.isPresent();
    }

    /** The ETSI API root: {@code url} + {@code /api/v1/keys/}. */
    public URI apiRoot() {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/keys/");
    }
}
