package org.qkdmacsec.driver.iosxr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * RFC 7951 (JSON_IETF) for {@code Cisco-IOS-XR-um-key-chain-cfg} MACsec keys: writes the values of a
 * Set, reads a chain back from a Get. Reading tolerates module-qualified member names
 * ({@code "Cisco-IOS-XR-um-key-chain-cfg:macsec"}) and 64-bit numbers sent as strings.
 *
 * <pre>
 * key[ckn] { key-string { password (type 7), cryptographic-algorithm }
 *            lifetime { start-time {hour minute second month day-of-month year}
 *                       end-time {…} | duration | infinite {} } }
 * chain { timezone { gmt | local } }
 * </pre>
 */
final class KeyChainJson {
    private static final JsonFactory JSON = new JsonFactory();

    private KeyChainJson() {
    }

    /** The value of {@code …/macsec/keys/key[ckn=K]}; with {@code masked} the key-string is {@link Redactor#MASK}. */
    static byte[] newKey(ChainChange.NewKey key, boolean masked, boolean pretty) {
        return write(pretty, g -> {
            g.writeStartObject();
            g.writeStringField("ckn", key.ckn());
            g.writeObjectFieldStart("key-string");
            g.writeFieldName("password");
            if (masked) {
                g.writeString(Redactor.MASK);
            } else {
                // char[] overload: the key-string never becomes a String on our side.
                g.writeString(key.keyString(), 0, key.keyString().length);
            }
            g.writeStringField("cryptographic-algorithm", key.algorithm());
            g.writeEndObject();
            g.writeObjectFieldStart("lifetime");
            writeTime(g, "start-time", key.start());
            if (key.end().isPresent()) {
                writeTime(g, "end-time", key.end().get());
            } else {
                // A presence container: RFC 7951 writes it as an object. [null] is the form of an
                // empty-type leaf, and Cisco's model (yanglint, 24.4.2 and 7.11.1) refuses it here.
                g.writeObjectFieldStart("infinite");
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** The value of {@code …/key[ckn=K]/lifetime}. */
    static byte[] lifetime(ChainChange.Lifetime lifetime, boolean pretty) {
        return write(pretty, g -> {
            g.writeStartObject();
            writeTime(g, "start-time", lifetime.start());
            if (lifetime.end().isPresent()) {
                writeTime(g, "end-time", lifetime.end().get());
            } else {
                // A presence container: RFC 7951 writes it as an empty object.
                g.writeObjectFieldStart("infinite");
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    /** Finds the chain named {@code chain} anywhere in a Get value and reads its MACsec keys. */
    static ChainRead parse(JsonNode value, String chain) {
        JsonNode node = findChain(value, chain);
        return node == null ? ChainRead.absent() : parseChain(node);
    }

    /** Reads a chain node (the value of {@code …/chain[key-chain-name=C]}, key leaf optional). */
    static ChainRead parseChain(JsonNode node) {
        List<ChainRead.Key> keys = new ArrayList<>();
        for (JsonNode k : list(child(child(child(node, "macsec"), "keys"), "key"))) {
            JsonNode ckn = child(k, "ckn");
            if (ckn == null) {
                throw new IllegalArgumentException("a macsec key without ckn");
            }
            JsonNode life = child(k, "lifetime");
            JsonNode duration = child(life, "duration");
            keys.add(new ChainRead.Key(ckn.asText().toLowerCase(java.util.Locale.ROOT),
                    readTime(child(life, "start-time")), readTime(child(life, "end-time")),
                    duration == null ? OptionalLong.empty() : OptionalLong.of(number(duration))));
        }
        JsonNode tz = child(node, "timezone");
        Optional<ChainRead.Zone> zone = Optional.empty();
        if (child(tz, "gmt") != null) {
            zone = Optional.of(ChainRead.Zone.GMT);
        } else if (child(tz, "local") != null) {
            zone = Optional.of(ChainRead.Zone.LOCAL);
        }
        return new ChainRead(true, keys, zone);
    }

    /** A member by local name, whether or not it is module-qualified; null when absent. */
    static JsonNode child(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode direct = node.get(name);
        if (direct != null) {
            return direct;
        }
        for (var f : node.properties()) {
            if (f.getKey().endsWith(":" + name)) {
                return f.getValue();
            }
        }
        return null;
    }

    /** A YANG list as JSON: an array, a single object, or nothing. */
    static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    /** RFC 7951 sends 64-bit integers as strings, smaller ones as numbers: accept both. */
    static long number(JsonNode n) {
        if (n.isNumber()) {
            return n.asLong();
        }
        try {
            return Long.parseLong(n.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got '" + n.asText() + "'");
        }
    }

    private static JsonNode findChain(JsonNode node, String chain) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            JsonNode name = child(node, "key-chain-name");
            if (name != null && name.asText().equals(chain)) {
                return node;
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode c : node) {
                JsonNode found = findChain(c, chain);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Optional<XrTime> readTime(JsonNode t) {
        if (t == null) {
            return Optional.empty();
        }
        JsonNode month = child(t, "month");
        if (month == null) {
            throw new IllegalArgumentException("lifetime time without month");
        }
        return Optional.of(new XrTime(field(t, "hour"), field(t, "minute"), field(t, "second"),
                field(t, "day-of-month"),
                XrTime.parseMonth(month.asText())
                        .orElseThrow(() -> new IllegalArgumentException("unknown month '" + month.asText() + "'")),
                field(t, "year")));
    }

    private static int field(JsonNode t, String name) {
        JsonNode n = child(t, name);
        if (n == null) {
            throw new IllegalArgumentException("lifetime time without " + name);
        }
        return (int) number(n);
    }

    private static void writeTime(JsonGenerator g, String name, XrTime t) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("hour", t.hour());
        g.writeNumberField("minute", t.minute());
        g.writeNumberField("second", t.second());
        g.writeStringField("month", t.monthName());
        g.writeNumberField("day-of-month", t.dayOfMonth());
        g.writeNumberField("year", t.year());
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(boolean pretty, Body body) {
        WipingBuffer out = new WipingBuffer();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return out.toByteArray();
        } finally {
            out.wipe();
        }
    }

    /** Leaves no copy of a key-string in the growable buffer once the bytes are handed over. */
    private static final class WipingBuffer extends ByteArrayOutputStream {
        void wipe() {
            java.util.Arrays.fill(buf, (byte) 0);
        }
    }
}
