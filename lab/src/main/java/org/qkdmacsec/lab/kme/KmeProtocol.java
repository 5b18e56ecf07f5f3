package org.qkdmacsec.lab.kme;

import java.net.URI;

/** How a KME of one {@link KmeMode} answers a routed request; faults around it are the handler's job. */
interface KmeProtocol {
    /** Which endpoint a request is for; 404 ({@link EtsiError}) for a path the KME does not serve. */
    default Route route(URI uri) throws EtsiError {
        return Route.parse(uri.getRawPath());
    }

    Reply serve(Request request) throws EtsiError;
}
