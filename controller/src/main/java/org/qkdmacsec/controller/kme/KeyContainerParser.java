package org.qkdmacsec.controller.kme;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.Secret;

/**
 * Reads an ETSI 014 Key container ({@code {"keys": [{"key_ID": …, "key": base64}, …]}}) with Jackson's
 * streaming parser, so each key's base64 text goes straight from the parser's buffer into a wiped
 * byte array and then a {@link Secret}, never into a {@code String}. Extensions are skipped.
 */
final class KeyContainerParser {
    /** key_IDs end up in CKNs, journals and interface descriptions: printable ASCII, no spaces. */
    static final Pattern KEY_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Thrown for a container that breaks the protocol; the message never contains key material. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private KeyContainerParser() {
    }

    /** All keys of the container, in order. On failure every key read so far is closed. */
    static List<QkdKey> parse(byte[] body) throws Malformed {
        List<QkdKey> keys = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a Key container object");
            boolean sawKeys = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("keys")) {
                    expect(value, JsonToken.START_ARRAY, "\"keys\" to be an array");
                    sawKeys = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        keys.add(key(p, keys.size()));
                    }
                } else {
                    p.skipChildren(); // key_container_extension and anything newer
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new Malformed("trailing content after the Key container");
            }
            if (!sawKeys) {
                throw new Malformed("no \"keys\" array in the Key container");
            }
            return keys;
        } catch (JsonProcessingException e) {
            QkdKey.closeAll(keys);
            throw new Malformed("invalid JSON at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            QkdKey.closeAll(keys);
            throw new Malformed("unreadable body (" + e.getClass().getSimpleName() + ")");
        } catch (Malformed | RuntimeException e) {
            QkdKey.closeAll(keys);
            throw e;
        }
    }

    private static QkdKey key(JsonParser p, int index) throws IOException, Malformed {
        expect(p.currentToken(), JsonToken.START_OBJECT, "keys[" + index + "] to be an object");
        String keyId = null;
        Secret key = null;
        try {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("key_ID")) {
                    expect(value, JsonToken.VALUE_STRING, "keys[" + index + "].key_ID to be a string");
                    keyId = p.getText();
                    if (!KEY_ID.matcher(keyId).matches()) {
                        throw new Malformed("keys[" + index + "].key_ID is not 1-128 printable ASCII characters");
                    }
                } else if (field.equals("key")) {
                    expect(value, JsonToken.VALUE_STRING, "keys[" + index + "].key to be a string");
                    if (key != null) {
                        key.close();
                    }
                    key = base64(p, index);
                } else {
                    p.skipChildren(); // key_ID_extension, key_extension
                }
            }
            if (keyId == null || key == null) {
                throw new Malformed("keys[" + index + "] lacks " + (keyId == null ? "key_ID" : "key"));
            }
            QkdKey k = new QkdKey(keyId, key);
            key = null;
            return k;
        } finally {
            if (key != null) {
                key.close();
            }
        }
    }

    private static Secret base64(JsonParser p, int index) throws IOException, Malformed {
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = text[offset + i];
            ascii[i] = c < 128 ? (byte) c : (byte) '!';
        }
        try {
            byte[] raw = Base64.getDecoder().decode(ascii);
            if (raw.length == 0) {
                throw new Malformed("keys[" + index + "].key is empty");
            }
            return Secret.adopt(raw);
        } catch (IllegalArgumentException e) {
            throw new Malformed("keys[" + index + "].key is not valid base64");
        } finally {
            Arrays.fill(ascii, (byte) 0);
        }
    }

    private static void expect(JsonToken actual, JsonToken wanted, String what) throws Malformed {
        if (actual != wanted) {
            throw new Malformed("expected " + what + ", found " + (actual == null ? "end of body" : actual.asString() == null ? actual.name() : actual.asString()));
        }
    }
}
