package org.qkdmacsec.controller.kme;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads an ETSI Status object, or says what a 200 body was instead. Streams the body so that a Key
 * container answered in place of a Status (quPSKd's simulator does that) never puts its key into a String:
 * the {@code keys} array is skipped unread.
 */
final class StatusParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Not a Status; the message says what it was. */
    static final class NotAStatus extends Exception {
        private static final long serialVersionUID = 1L;

        NotAStatus(String message) {
            super(message);
        }
    }

    private StatusParser() {
    }

    static KmeStatus parse(byte[] body) throws NotAStatus {
        Map<String, Object> fields = new HashMap<>();
        int keys = -1;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotAStatus("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("keys") && v == JsonToken.START_ARRAY) {
                    keys = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        keys++;
                        p.skipChildren();
                    }
                } else if (v == JsonToken.VALUE_STRING) {
                    fields.put(name, p.getText());
                } else if (v == JsonToken.VALUE_NUMBER_INT) {
                    fields.put(name, p.getNumberValue());
                } else {
                    fields.put(name, v.name());
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new NotAStatus("not JSON");
        }
        if (keys >= 0 && !fields.containsKey("source_KME_ID")) {
            throw new NotAStatus("a Key container with " + keys + " key(s)");
        }
        try {
            return new KmeStatus(text(fields, "source_KME_ID"), text(fields, "target_KME_ID"), text(fields, "master_SAE_ID"),
                    text(fields, "slave_SAE_ID"), number(fields, "key_size", true), number(fields, "stored_key_count", true),
                    number(fields, "max_key_count", true), number(fields, "max_key_per_request", true),
                    number(fields, "max_key_size", true), number(fields, "min_key_size", true),
                    number(fields, "max_SAE_ID_count", false));
        } catch (IllegalArgumentException e) {
            throw new NotAStatus("invalid Status: " + e.getMessage());
        }
    }

    private static String text(Map<String, Object> fields, String field) {
        if (!(fields.get(field) instanceof String s)) {
            throw new IllegalArgumentException(field + " is missing or not a string");
        }
        return s;
    }

    private static int number(Map<String, Object> fields, String field, boolean required) {
        Object v = fields.get(field);
        if (v == null && !required) {
            return 0;
        }
        if (!(v instanceof Integer i) || i < 0) {
            throw new IllegalArgumentException(field + " is missing or not a non-negative integer");
        }
        return i;
    }
}
