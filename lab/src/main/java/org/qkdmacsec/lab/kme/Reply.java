package org.qkdmacsec.lab.kme;

/**
 * A response before it is written: a {@link String} body goes out as text/plain (what quPSKd's
 * simulator sends), anything else as JSON.
 */
record Reply(int status, Object body) {
    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    static Reply of(EtsiError e) {
        return new Reply(e.status(), e.body());
    }

    int keyCount() {
        return body instanceof Wire.KeyContainer c && status == 200 ? c.keys().size() : 0;
    }
}
