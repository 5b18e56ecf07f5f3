package org.qkdmacsec.driver.linux;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code ip -j -d -s link show} and {@code ip -j -s macsec show} report, reduced to what the
 * driver uses. iproute2 never prints key material here: SAs show their 128-bit key identifier only.
 */
record IpState(Map<String, Link> links, Map<String, SecY> secys) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Receive counters that must not rise across a rollover. */
    static final List<String> ERROR_COUNTERS = List.of("InPktsNotValid", "InPktsNotUsingSA", "InPktsUnusedSA");

    IpState {
        links = Map.copyOf(links);
        secys = Map.copyOf(secys);
    }

    /**
     * @param parent the lower device, when it is in the same namespace
     * @param kind   {@code macsec}, {@code veth}, … ({@code linkinfo.info_kind}); empty for plain NICs
     */
    record Link(String name, Optional<String> parent, String mac, Optional<String> kind, Optional<String> alias,
                boolean up) { }

    /** One MACsec device (a SecY) with its transmit SAs and receive channels. */
    record SecY(String name, String cipher, boolean encrypt, String validate, boolean sendSci, boolean replay, long window,
                Sci sci, int encodingSa, List<TxSa> txSas, List<RxSc> rxScs) {
        SecY {
            txSas = List.copyOf(txSas);
            rxScs = List.copyOf(rxScs);
        }

        Optional<TxSa> txSa(int an) {
            return txSas.stream().filter(s -> s.an() == an).findFirst();
        }

        Optional<RxSc> rxSc(Sci sci) {
            return rxScs.stream().filter(c -> c.sci().equals(sci)).findFirst();
        }

        /** Sum of {@link #ERROR_COUNTERS} over all receive channels. */
        long receiveErrors() {
            return rxScs.stream().mapToLong(RxSc::errors).sum();
        }
    }

    record TxSa(int an, boolean active, long pn, String keyId) { }

    record RxSc(Sci sci, boolean active, Map<String, Long> counters, List<RxSa> sas) {
        RxSc {
            counters = Map.copyOf(counters);
            sas = List.copyOf(sas);
        }

        Optional<RxSa> sa(int an) {
            return sas.stream().filter(s -> s.an() == an).findFirst();
        }

        long errors() {
            return ERROR_COUNTERS.stream().mapToLong(c -> counters.getOrDefault(c, 0L)).sum();
        }
    }

    record RxSa(int an, boolean active, long pn, String keyId) { }

    Optional<Link> link(String name) {
        return Optional.ofNullable(links.get(name));
    }

    Optional<SecY> secy(String name) {
        return Optional.ofNullable(secys.get(name));
    }

    /**
     * Parses the output of {@code ip -j -d -s -batch -} ending in {@code link show} and
     * {@code macsec show}: the last two JSON arrays printed. Throws {@link IllegalArgumentException}
     * naming what did not fit.
     */
    static IpState parse(String output) {
        List<JsonNode> arrays = new ArrayList<>();
        // A plain parser, not readValues(): that would unwrap the first array into its elements.
        try (JsonParser p = JSON.getFactory().createParser(output)) {
            while (p.nextToken() != null) {
                arrays.add(JSON.readTree(p));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("iproute2 printed malformed JSON: " + e.getMessage(), e);
        }
        if (arrays.size() < 2 || !arrays.get(arrays.size() - 2).isArray() || !arrays.get(arrays.size() - 1).isArray()) {
            throw new IllegalArgumentException("expected the JSON arrays of 'link show' and 'macsec show', got "
                    + arrays.size() + " value(s)");
        }
        return new IpState(parseLinks(arrays.get(arrays.size() - 2)), parseMacsec(arrays.get(arrays.size() - 1)));
    }

    private static Map<String, Link> parseLinks(JsonNode links) {
        Map<String, Link> out = new LinkedHashMap<>();
        for (JsonNode n : links) {
            String name = text(n, "ifname");
            JsonNode info = n.path("linkinfo");
            List<String> flags = new ArrayList<>();
            n.path("flags").forEach(f -> flags.add(f.asText()));
            out.put(name, new Link(name, optText(n, "link"), n.path("address").asText(""),
                    optText(info, "info_kind"), optText(n, "ifalias"), flags.contains("UP")));
        }
        return out;
    }

    private static Map<String, SecY> parseMacsec(JsonNode secys) {
        Map<String, SecY> out = new LinkedHashMap<>();
        for (JsonNode n : secys) {
            String name = text(n, "ifname");
            List<TxSa> tx = list(n.path("sa_list"), s -> new TxSa(s.path("an").asInt(), s.path("active").asBoolean(),
                    s.path("pn").asLong(), keyId(s)));
            List<RxSc> rx = list(n.path("rx_sc"), c -> new RxSc(Sci.parse(text(c, "sci")), c.path("active").asBoolean(),
                    counters(c), list(c.path("sa_list"), s -> new RxSa(s.path("an").asInt(), s.path("active").asBoolean(),
                    s.path("pn").asLong(), keyId(s)))));
            out.put(name, new SecY(name, text(n, "cipher_suite").toLowerCase(Locale.ROOT), n.path("encrypt").asBoolean(),
                    n.path("validate").asText(""), n.path("send_sci").asBoolean(), n.path("replay").asBoolean(),
                    n.path("window").asLong(), Sci.parse(text(n, "sci")), n.path("encoding_sa").asInt(), tx, rx));
        }
        return out;
    }

    private static String keyId(JsonNode sa) {
        return sa.path("key").asText("").toLowerCase(Locale.ROOT);
    }

    private static Map<String, Long> counters(JsonNode sc) {
        Map<String, Long> m = new LinkedHashMap<>();
        sc.properties().forEach(e -> {
            if (e.getKey().startsWith("In") && e.getValue().isNumber()) {
                m.put(e.getKey(), e.getValue().asLong());
            }
        });
        return m;
    }

    private static <T> List<T> list(JsonNode arr, Function<JsonNode, T> f) {
        List<T> out = new ArrayList<>();
        arr.forEach(x -> out.add(f.apply(x)));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isValueNode()) {
            throw new IllegalArgumentException("JSON object without \"" + field + "\"");
        }
        return v.asText();
    }

    private static Optional<String> optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
