package org.qkdmacsec.lab.kme;

/** How a KME of one {@link KmeMode} answers a routed request; faults around it are the handler's job. */
interface KmeProtocol {
    Reply serve(Request request) throws EtsiError;
}
