package org.qkdmacsec.lab.kme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * An independent ETSI 014 client for the tests: the JDK's HttpClient over real (m)TLS on loopback,
 * with hostname verification on. It shares nothing with the simulator but the wire.
 */
final class EtsiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String message() {
            return json().path("message").asText();
        }

        /** key_ID → base64 key, in response order. */
        List<String[]> keys() {
            List<String[]> out = new ArrayList<>();
            json().path("keys").forEach(k -> out.add(new String[] {k.path("key_ID").asText(), k.path("key").asText()}));
            return out;
        }

        List<String> keyIds() {
            return keys().stream().map(k -> k[0]).toList();
        }

        List<byte[]> keyBytes() {
            return keys().stream().map(k -> Base64.getDecoder().decode(k[1])).toList();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final URI api;
    private final HttpClient http;
    private final Duration timeout;

    EtsiClient(URI api, SSLContext tls) {
        this(api, tls, Duration.ofSeconds(60));
    }

    EtsiClient(URI api, SSLContext tls, Duration timeout) {
        this.api = api;
        this.timeout = timeout;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30));
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    Response get(String relative) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api.resolve(relative)).GET());
    }

    Response post(String relative, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api.resolve(relative)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response send(String method, String relative) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api.resolve(relative)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    Response encKeys(String slave, int number, int size) throws IOException, InterruptedException {
        return post(slave + "/enc_keys", "{\"number\":" + number + ",\"size\":" + size + "}");
    }

    Response decKeys(String master, List<String> keyIds) throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder("{\"key_IDs\":[");
        for (int i = 0; i < keyIds.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"key_ID\":\"").append(keyIds.get(i)).append("\"}");
        }
        return post(master + "/dec_keys", sb.append("]}").toString());
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }
}
