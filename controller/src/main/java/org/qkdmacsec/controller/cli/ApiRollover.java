package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** {@code rollover --api URL}: asks a running daemon for an operator rollover of one link. */
final class ApiRollover {
    private ApiRollover() { }

    static int request(ApiOptions api, Optional<Path> dataDir, String linkId, boolean force, OutputFormat output, PrintWriter out,
                       PrintWriter err) {
        Optional<ApiClient> client = ApiClient.open(api, dataDir, err);
        if (client.isEmpty()) {
            return Main.USAGE;
        }
        String path = "api/links/" + URLEncoder.encode(linkId, StandardCharsets.UTF_8).replace("+", "%20") + "/rollover"
                + (force ? "?force=true" : "");
        try {
            HttpResponse<String> r = client.get().post(path);
            if (r.statusCode() == 404) {
                return ApiStatus.fail(err, Main.USAGE, client.get().explain(r));
            }
            if (r.statusCode() != 202) {
                return ApiStatus.fail(err, Main.FAILED, "the daemon refused (" + r.statusCode() + "): " + client.get().explain(r));
            }
            JsonNode body = Json.MAPPER.readTree(r.body());
            if (output == OutputFormat.json) {
                Json.print(out, body);
            } else {
                out.println(linkId + ": accepted" + (body.path("txn").isNull() ? "" : ", transaction " + body.path("txn").asText()) + " — "
                        + body.path("message").asText());
                out.flush();
            }
            return Main.OK;
        } catch (IOException e) {
            return ApiStatus.fail(err, Main.FAILED, "cannot reach " + client.get().uri(path) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiStatus.fail(err, Main.FAILED, "interrupted");
        }
    }
}
