package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.qkdmacsec.config.Durations;

/** {@code status --api URL}: the same table, read from a running daemon's {@code GET /api/links}. */
final class ApiStatus {
    private ApiStatus() { }

    static int print(ApiOptions api, Optional<Path> dataDir, Optional<String> linkId, OutputFormat output, PrintWriter out, PrintWriter err) {
        Optional<ApiClient> client = ApiClient.open(api, dataDir, err);
        if (client.isEmpty()) {
            return Main.USAGE;
        }
        JsonNode body;
        try {
            HttpResponse<String> r = client.get().get("api/links");
            if (r.statusCode() != 200) {
                return fail(err, Main.FAILED, client.get().uri("api/links") + " answered " + r.statusCode() + ": " + client.get().explain(r));
            }
            body = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            return fail(err, Main.FAILED, "cannot read " + client.get().uri("api/links") + ": " + e.getMessage());
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
            return fail(err, Main.USAGE, "the daemon at " + api.url + " has no link '" + linkId.get() + "'");
        }
        if (output == OutputFormat.json) {
            Json.print(out, links);
            return Main.OK;
        }
        Table t = new Table("LINK", "ENDS", "ACTIVE CKN", "KEY_ID", "KEY AGE", "NEXT START", "LAST RESULT", "LAST OK");
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
                    text(l, "active_key_id"),
                    l.path("key_age_seconds").isNull() ? "-" : Durations.format(Duration.ofSeconds(l.path("key_age_seconds").asLong())),
                    text(l, "next_start"), result, text(l, "last_success"));
        }
        t.print(out);
        return Main.OK;
    }

    private static String text(JsonNode l, String key) {
        return l.path(key).isNull() || l.path(key).isMissingNode() ? "-" : l.path(key).asText();
    }

    static int fail(PrintWriter err, int code, String message) {
        err.println(message);
        err.flush();
        return code;
    }
}
