package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.qkdmacsec.controller.inventory.Durations;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.spi.Secret;

/** {@code status --api URL}: the same table, read from a running daemon's {@code GET /api/links}. */
final class ApiStatus {
    private ApiStatus() { }

    static int print(String baseUrl, Optional<String> tokenRef, Optional<String> linkId, OutputFormat output, PrintWriter out, PrintWriter err) {
        URI uri;
        try {
            uri = URI.create(baseUrl.replaceAll("/+$", "") + "/api/links");
        } catch (IllegalArgumentException e) {
            return fail(err, Main.USAGE, "--api: '" + baseUrl + "' is not a URL");
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET();
        if (tokenRef.isPresent()) {
            Optional<SecretRef> ref = SecretRef.parse(tokenRef.get());
            if (ref.isEmpty()) {
                return fail(err, Main.USAGE, "--token takes env:NAME or file:PATH, not the token itself");
            }
            try (Secret t = ref.get().resolve()) {
                req.header("Authorization", t.apply(b -> "Bearer " + new String(b, StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                return fail(err, Main.USAGE, "--token: " + e.getMessage());
            }
        }
        JsonNode body;
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                String why = r.statusCode() == 401 ? "the daemon wants a valid bearer token (--token env:NAME or file:PATH)" : r.body();
                return fail(err, Main.FAILED, uri + " answered " + r.statusCode() + ": " + why);
            }
            body = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            return fail(err, Main.FAILED, "cannot read " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(err, Main.FAILED, "interrupted");
        }
        ArrayNode links = Json.MAPPER.createArrayNode();
        body.path("links").forEach(l -> {
            if (linkId.isEmpty() || linkId.get().equals(l.path("link").asText())) {
                links.add(l);
            }
        });
        if (linkId.isPresent() && links.isEmpty()) {
            return fail(err, Main.USAGE, "the daemon at " + baseUrl + " has no link '" + linkId.get() + "'");
        }
        if (output == OutputFormat.json) {
            Json.print(out, links);
            return Main.OK;
        }
        Table t = new Table("LINK", "ENDS", "ACTIVE CKN", "KEY AGE", "NEXT START", "LAST RESULT", "LAST OK");
        for (JsonNode l : links) {
            String result = l.path("last_result").isNull() ? "never rolled" : l.path("last_result").asText()
                    + (l.path("last_reason").isNull() ? "" : " " + l.path("last_reason").asText().split(":", 2)[0]);
            if (!l.path("in_progress").isNull()) {
                result += " (running: " + l.path("in_progress").path("state").asText() + ")";
            }
            if (!l.path("hold_down_until").isNull()) {
                result += " (held down until " + l.path("hold_down_until").asText() + ")";
            }
            t.row(l.path("link").asText(), l.path("a").asText() + " <-> " + l.path("b").asText(),
                    l.path("active_ckn").isNull() ? "-" : Results.shortCkn(l.path("active_ckn").asText()),
                    l.path("key_age_seconds").isNull() ? "-" : Durations.format(Duration.ofSeconds(l.path("key_age_seconds").asLong())),
                    text(l, "next_start"), result, text(l, "last_success"));
        }
        t.print(out);
        return Main.OK;
    }

    private static String text(JsonNode l, String key) {
        return l.path(key).isNull() || l.path(key).isMissingNode() ? "-" : l.path(key).asText();
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println(message);
        err.flush();
        return code;
    }
}
