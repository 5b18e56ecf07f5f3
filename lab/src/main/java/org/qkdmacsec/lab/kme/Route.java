package org.qkdmacsec.lab.kme;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The resource a request names: {@code /api/v1/keys/{SAE_ID}/{status|enc_keys|dec_keys}}. */
record Route(String saeId, KmeEndpoint endpoint) {
    static final String PREFIX = "/api/v1/keys/";

    /** Parses the raw (still percent-encoded) path; 404 for anything that is not one of the three calls. */
    static Route parse(String rawPath) throws EtsiError {
        if (rawPath != null && rawPath.startsWith(PREFIX)) {
            String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
            if (parts.length == 2 && !parts[0].isEmpty()) {
                KmeEndpoint endpoint = KmeEndpoint.fromPathSegment(parts[1]);
                if (endpoint != null) {
                    return new Route(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), endpoint);
                }
            }
        }
        throw new EtsiError(404, "no such resource: " + rawPath,
                List.of(new Wire.Detail("path", "expected " + PREFIX + "{SAE_ID}/status|enc_keys|dec_keys")));
    }
}
