package org.qkdmacsec.controller.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.api.ApiServer;
import org.qkdmacsec.controller.api.ApiTls;
import org.qkdmacsec.controller.api.ReadAccess;
import org.qkdmacsec.controller.api.TokenFile;
import org.qkdmacsec.controller.inventory.SecretUnavailableException;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code api:} into what the server needs, before anything else starts, so a configuration that
 * cannot work is refused at once (exit 2): the token (the configured reference, else the daemon's own
 * token file, created at first start with mode 600), the TLS context (required off loopback), and
 * whether reads need the token (by default: open on loopback, token elsewhere).
 */
final class ApiSetup {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");

    private ApiSetup() { }

    /** The token and TLS context resolved; the token is the caller's to close once the server has its digest. */
    record Prepared(DaemonConfig.Api config, Secret token, ReadAccess reads, Optional<SSLContext> tls, Optional<Path> tokenFile) {
        ApiServer.Options options(MeterRegistry registry) {
            Set<String> hosts = new HashSet<>(config.allowedHosts());
            return new ApiServer.Options(config.bind(), config.port(), token, reads, hosts, Set.copyOf(config.allowedOrigins()), tls, registry);
        }
    }

    /** Empty when the API is off. */
    static Optional<Prepared> prepare(DaemonConfig config) {
        DaemonConfig.Api a = config.api();
        if (!a.enabled()) {
            return Optional.empty();
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(a.bind()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw ConfigException.of("api.bind", "cannot resolve '" + a.bind() + "'", "an address of this host, e.g. 127.0.0.1");
        }
        if (!loopback && a.tls().isEmpty()) {
            throw ConfigException.of("api.bind", a.bind() + " is not a loopback address: the API is served there over HTTPS only",
                    "set api.tls (cert and key, or pkcs12 and password)");
        }
        Optional<SSLContext> tls = a.tls().map(ApiSetup::context);
        ReadAccess reads = a.reads().orElse(loopback ? ReadAccess.OPEN : ReadAccess.TOKEN);
        if (a.token().isPresent()) {
            try {
                return Optional.of(new Prepared(a, a.token().get().resolve(), reads, tls, Optional.empty()));
            } catch (SecretUnavailableException e) {
                throw ConfigException.of("api.token", e.getMessage(), "");
            }
        }
        Path file = a.tokenFile().orElseGet(() -> JournalDatabase.defaultDataDir(config.journal().dataDir(), System.getenv())
                .resolve(TokenFile.NAME));
        try {
            Secret token = TokenFile.loadOrCreate(file);
            LOG.info("event=api_token file={}", file.toAbsolutePath());
            return Optional.of(new Prepared(a, token, reads, tls, Optional.of(file)));
        } catch (IllegalStateException e) {
            throw ConfigException.of("api.token-file", e.getMessage(), "");
        }
    }

    private static SSLContext context(DaemonConfig.Tls t) {
        try {
            if (t.pkcs12().isPresent()) {
                try (Secret password = t.password().orElseThrow().resolve()) {
                    return ApiTls.fromPkcs12(t.pkcs12().get(), password);
                }
            }
            return ApiTls.fromPem(t.cert().orElseThrow(), t.key().orElseThrow());
        } catch (IllegalArgumentException e) {
            throw ConfigException.of("api.tls", e.getMessage(), "");
        } catch (SecretUnavailableException e) {
            throw ConfigException.of("api.tls.password", e.getMessage(), "");
        }
    }
}
