package org.qkdmacsec.lab.pki;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A server's TLS set-up: the context (server identity, trusts only the lab CA) and the parameters that
 * require a client certificate. Client authentication is a property of each engine or socket, not of
 * the context, so the two travel together: apply {@link #parameters()} to every engine, server socket
 * or {@code HttpsParameters}.
 */
public record ServerTls(SSLContext context) {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** A fresh copy of the context's defaults with TLS 1.2/1.3 only and a client certificate required. */
    public SSLParameters parameters() {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setNeedClientAuth(true);
        return p;
    }
}
