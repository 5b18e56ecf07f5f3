package org.qkdmacsec.lab.kme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One HTTP request as the KME protocols read it: route, faults, query, body, and who turned out to call. */
final class Request {
    /** ETSI requests are a few hundred bytes; anything far larger is refused unread. */
    static final int MAX_BODY = 64 * 1024;

    private final HttpExchange exchange;
    private final Route route;
    private final List<Fault> faults;
    private final Set<KmeQuirk> quirks;
    private String caller = "-";

    Request(HttpExchange exchange, Route route, List<Fault> faults, Set<KmeQuirk> quirks) {
        this.exchange = exchange;
        this.route = route;
        this.faults = List.copyOf(faults);
        this.quirks = Set.copyOf(quirks);
    }

    /** Whether the KME shows this deviation for this request. */
    boolean has(KmeQuirk quirk) {
        return quirks.contains(quirk);
    }

    Set<KmeQuirk> quirks() {
        return quirks;
    }

    HttpExchange exchange() {
        return exchange;
    }

    Route route() {
        return route;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    List<Fault> faults() {
        return faults;
    }

    boolean hasFault(Fault.Kind kind) {
        return faults.stream().anyMatch(f -> f.kind() == kind);
    }

    String caller() {
        return caller;
    }

    void caller(String saeId) {
        this.caller = saeId;
    }

    /** The query parameters, each at most once and each one of {@code allowed}; 400 otherwise. */
    Map<String, String> query(Set<String> allowed) throws EtsiError {
        Map<String, String> params = new LinkedHashMap<>();
        List<Wire.Detail> problems = new ArrayList<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String part : raw.split("&", -1)) {
                int eq = part.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                if (!allowed.contains(name)) {
                    problems.add(new Wire.Detail(name, "unknown parameter for " + method() + " "
                            + route.endpoint().pathSegment() + " (allowed: " + new TreeSet<>(allowed) + ")"));
                } else if (params.put(name, value) != null) {
                    problems.add(new Wire.Detail(name, "given more than once"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw EtsiError.badRequest("invalid query parameters", problems);
        }
        return params;
    }

    /** The body as {@code type}, strictly: unknown fields and wrong types are 400s naming the field. */
    <T> T json(Class<T> type, String what) throws EtsiError {
        byte[] body = body();
        if (body.length == 0) {
            throw EtsiError.badRequest("POST " + route.endpoint().pathSegment() + " needs a JSON " + what + " body",
                    List.of(new Wire.Detail("body", "empty")));
        }
        try {
            T value = Wire.JSON.readValue(body, type);
            if (value == null) {
                throw EtsiError.badRequest("the body must be a JSON " + what + " object",
                        List.of(new Wire.Detail("body", "null")));
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw EtsiError.badRequest("invalid " + what, List.of(new Wire.Detail(Wire.fieldPath(e),
                    "unknown field (known: " + known(e) + ")")));
        } catch (JsonMappingException e) {
            throw EtsiError.badRequest("invalid " + what, List.of(new Wire.Detail(Wire.fieldPath(e), e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw EtsiError.badRequest("the body is not valid JSON",
                    List.of(new Wire.Detail("body", e.getOriginalMessage())));
        } catch (IOException e) {
            throw EtsiError.badRequest("the body could not be read", List.of(new Wire.Detail("body", e.toString())));
        }
    }

    private byte[] body() throws EtsiError {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw EtsiError.badRequest("request body larger than " + MAX_BODY + " bytes",
                        List.of(new Wire.Detail("body", "too large")));
            }
            return body;
        } catch (IOException e) {
            throw EtsiError.badRequest("the body could not be read", List.of(new Wire.Detail("body", e.toString())));
        }
    }

    private static Set<String> known(UnrecognizedPropertyException e) {
        Set<String> names = new TreeSet<>();
        e.getKnownPropertyIds().forEach(id -> names.add(String.valueOf(id)));
        return names;
    }
}
