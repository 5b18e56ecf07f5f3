package org.qkdmacsec.lab.kme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ETSI GS QKD 014 over HTTP: methods, caller identity, GET parameters and POST bodies. */
final class EtsiProtocol implements KmeProtocol {
    /** Werkzeug's UnsupportedMediaType page, as Flask ≥ 2.1 sends it for get_json() on a request without JSON. */
    static final String FLASK_415 = "<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n"
            + "<h1>Unsupported Media Type</h1>\n<p>Did not attempt to load JSON data because the request Content-Type"
            + " was not &#39;application/json&#39;.</p>\n";
    private final Callers callers;
    private final EtsiService service;

    EtsiProtocol(Callers callers, EtsiService service) {
        this.callers = callers;
        this.service = service;
    }

    @Override
    public Reply serve(Request request) throws EtsiError {
        Route route = request.route();
        boolean get = request.method().equals("GET");
        if (!get && !(request.method().equals("POST") && route.endpoint() != KmeEndpoint.STATUS)) {
            String allow = route.endpoint() == KmeEndpoint.STATUS ? "GET" : "GET, POST";
            request.exchange().getResponseHeaders().set("Allow", allow);
            throw new EtsiError(405, request.method() + " is not allowed on " + route.endpoint().pathSegment()
                    + " (allowed: " + allow + ")");
        }
        String caller = callers.identify(request.exchange(), route);
        request.caller(caller);
        if (get && route.endpoint() != KmeEndpoint.STATUS && request.has(KmeQuirk.POST_ONLY)) {
            // next-door-key-simulator reads request.get_json() whatever the method: Flask refuses a GET without JSON.
            return new Reply(415, FLASK_415);
        }
        switch (route.endpoint()) {
            case STATUS:
                request.query(Set.of());
                if (request.has(KmeQuirk.STATUS_KEY_CONTAINER)) {
                    return Reply.ok(service.looseKey()); // quPSKd's simulator: /status is handled like enc_keys
                }
                return Reply.ok(service.status(caller, route.saeId(), request.quirks()));
            case ENC_KEYS:
                Wire.KeyRequest keyRequest = get ? keyRequest(request.query(Set.of("number", "size")))
                        : body(request, Wire.KeyRequest.class, "Key request");
                return Reply.ok(service.encKeys(caller, route.saeId(), keyRequest,
                        request.hasFault(Fault.Kind.EXHAUSTED), request.quirks()));
            case DEC_KEYS:
                return Reply.ok(service.decKeys(caller, route.saeId(), get ? keyId(request) : keyIds(request)));
            default:
                throw new IllegalStateException("unrouted endpoint " + route.endpoint());
        }
    }

    private static Wire.KeyRequest keyRequest(Map<String, String> query) throws EtsiError {
        List<Wire.Detail> problems = new ArrayList<>();
        Integer number = integer(query, "number", problems);
        Integer size = integer(query, "size", problems);
        if (!problems.isEmpty()) {
            throw EtsiError.badRequest("invalid query parameters", problems);
        }
        return new Wire.KeyRequest(number, size, null, null, null);
    }

    private static Integer integer(Map<String, String> query, String name, List<Wire.Detail> problems) {
        String v = query.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            problems.add(new Wire.Detail(name, "not an integer: '" + v + "'"));
            return null;
        }
    }

    private static List<String> keyId(Request request) throws EtsiError {
        String id = request.query(Set.of("key_ID")).get("key_ID");
        if (id == null) {
            throw EtsiError.badRequest("GET dec_keys needs the key_ID parameter",
                    List.of(new Wire.Detail("key_ID", "missing")));
        }
        return List.of(id);
    }

    private static List<String> keyIds(Request request) throws EtsiError {
        Wire.KeyIds ids = body(request, Wire.KeyIds.class, "Key IDs");
        if (ids.keyIds() == null) {
            throw EtsiError.badRequest("invalid Key IDs", List.of(new Wire.Detail("key_IDs", "missing")));
        }
        List<String> out = new ArrayList<>();
        for (Wire.KeyId id : ids.keyIds()) {
            out.add(id == null ? null : id.keyId());
        }
        return out;
    }

    private static <T> T body(Request request, Class<T> type, String what) throws EtsiError {
        request.query(Set.of());
        return request.json(type, what);
    }
}
