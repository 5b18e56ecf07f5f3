package org.qkdmacsec.controller.kme;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Extracts the KME's explanation from an error body: ETSI {@code {"message": …}}, else plain text. */
final class ErrorBodies {
    static final int MAX_MESSAGE = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBodies() {
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The message, shortened and stripped of control characters; null when the body says nothing. */
    static String message(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        String text;
        JsonNode n = json(body);
        if (n != null && n.isObject()) {
            text = n.hasNonNull("message") ? n.get("message").asText() : null;
            if (text != null && n.has("details") && n.get("details").isArray() && !n.get("details").isEmpty()) {
                text = text + " " + n.get("details");
            }
        } else {
            text = new String(body, 0, Math.min(body.length, MAX_MESSAGE * 2), StandardCharsets.UTF_8);
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        String clean = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) + "…" : clean;
    }
}
