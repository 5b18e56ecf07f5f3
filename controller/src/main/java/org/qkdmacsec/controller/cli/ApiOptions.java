package org.qkdmacsec.controller.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command reaches a running daemon's API: shared by {@code status --api} and {@code rollover --api}. */
public final class ApiOptions {
    @Option(names = "--api", paramLabel = "URL", description = "A running daemon's API, e.g. http://127.0.0.1:9464 or https://ctl1.example.net:9464.")
    String url;

    @Option(names = "--token", paramLabel = "REF", description = "The API's bearer token as env:NAME or file:PATH. Default for a loopback"
            + " URL: the daemon's own token, api-token in the data directory (--data-dir), when this user may read it.")
    String token;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM certificate(s) to trust for an https:// API with a private CA"
            + " (default: the Java runtime's trust store).")
    Path ca;

    boolean given() {
        return url != null;
    }
}
