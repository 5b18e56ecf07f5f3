package org.qkdmacsec.controller.api;

import static org.qkdmacsec.controller.api.LinkJson.text;
import static org.qkdmacsec.controller.api.LinkJson.time;
import static org.qkdmacsec.controller.api.LinkJson.whole;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.qkdmacsec.controller.journal.AuditEvent;
import org.qkdmacsec.controller.journal.StepRecord;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.TxnRecord;

/**
 * The API's JSON shapes other than the link object ({@link LinkJson}); each has its schema in
 * docs/schema/. Every documented key is always present, null when there is no value. Times are UTC
 * ISO-8601; durations are seconds, named so. CKNs and key_IDs are identifiers, never key material.
 */
final class ApiJson {
    static final ObjectMapper MAPPER = LinkJson.MAPPER;

    private ApiJson() { }

    static ObjectNode links(List<LinkReport> links, Instant now) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("generated_at", now.toString());
        ArrayNode a = o.putArray("links");
        links.forEach(l -> a.add(LinkJson.write(l, now)));
        return o;
    }

    static ObjectNode history(String linkId, List<ApiBackend.TxnHistory> txns) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("link", linkId);
        ArrayNode a = o.putArray("transactions");
        for (ApiBackend.TxnHistory h : txns) {
            TxnRecord t = h.txn();
            ObjectNode x = a.addObject();
            x.put("txn", t.id());
            x.put("state", t.state().name());
            text(x, "reason", t.reason());
            text(x, "error", t.error());
            x.put("owner", t.owner());
            x.put("created_at", t.createdAt().toString());
            x.put("updated_at", t.updatedAt().toString());
            time(x, "start_time", t.startTime());
            seconds(x, "lead_seconds", t.lead());
            seconds(x, "confirm_window_seconds", t.confirmWindow());
            text(x, "previous_ckn", t.previousCkn());
            ArrayNode keys = x.putArray("keys");
            for (TxnKey k : t.keys()) {
                ObjectNode kn = keys.addObject();
                kn.put("seq", k.seq());
                kn.put("key_id", k.keyId());
                kn.put("ckn", k.ckn());
                kn.put("start", k.start().toString());
                time(kn, "end", k.end());
            }
            ArrayNode steps = x.putArray("steps");
            for (StepRecord s : h.steps()) {
                ObjectNode sn = steps.addObject();
                sn.put("seq", s.seq());
                sn.put("step", s.step());
                text(sn, "side", s.side());
                sn.put("at", s.at().toString());
                whole(sn, "duration_ms", s.duration().map(Duration::toMillis));
                sn.put("outcome", s.outcome());
                text(sn, "detail", s.detail());
            }
        }
        return o;
    }

    static ObjectNode timeline(List<ApiBackend.KeyTimeline> links, Instant now) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("generated_at", now.toString());
        ArrayNode a = o.putArray("links");
        for (ApiBackend.KeyTimeline t : links) {
            ObjectNode l = a.addObject();
            l.put("link", t.linkId());
            time(l, "observed_at", t.observedAt());
            text(l, "active_ckn", t.activeCkn());
            ArrayNode keys = l.putArray("keys");
            for (ApiBackend.SeenKey k : t.keys()) {
                ObjectNode kn = keys.addObject();
                kn.put("ckn", k.ckn());
                text(kn, "key_id", k.keyId());
                time(kn, "start", k.start());
                time(kn, "end", k.end());
                kn.put("first_seen", k.firstSeen().toString());
                kn.put("last_seen", k.lastSeen().toString());
                kn.put("configured", k.configured());
                ArrayNode sides = kn.putArray("sides");
                if (k.onA()) {
                    sides.add("a");
                }
                if (k.onB()) {
                    sides.add("b");
                }
            }
        }
        return o;
    }

    static ObjectNode kmes(List<ApiBackend.KmeStock> stock, Instant now) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("generated_at", now.toString());
        ArrayNode a = o.putArray("kmes");
        for (ApiBackend.KmeStock k : stock) {
            ObjectNode n = a.addObject();
            n.put("kme", k.kmeId());
            n.put("peer_sae", k.peerSaeId());
            ArrayNode links = n.putArray("links");
            k.links().forEach(links::add);
            time(n, "checked_at", k.checkedAt());
            whole(n, "stored_key_count", k.storedKeyCount().map(Integer::longValue));
            whole(n, "max_key_count", k.maxKeyCount().map(Integer::longValue));
            whole(n, "key_size_bits", k.keySizeBits().map(Integer::longValue));
            seconds(n, "latency_seconds", k.latency());
            text(n, "error", k.error());
        }
        return o;
    }

    static ObjectNode alarms(ApiBackend.AlarmFeed feed, Instant now) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("generated_at", now.toString());
        ArrayNode active = o.putArray("active");
        for (ApiBackend.ActiveAlarm a : feed.active()) {
            active.addObject().put("link", a.linkId()).put("kind", a.kind());
        }
        ArrayNode events = o.putArray("events");
        for (AuditEvent e : feed.events()) {
            ObjectNode n = events.addObject();
            n.put("at", e.at().toString());
            text(n, "link", e.linkId());
            text(n, "txn", e.txnId());
            n.put("kind", e.kind());
            n.put("message", e.message());
        }
        return o;
    }

    static ObjectNode error(String message) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", message);
        return o;
    }

    private static void seconds(ObjectNode o, String key, Optional<Duration> v) {
        if (v.isPresent()) {
            o.put(key, v.get().toMillis() / 1000.0);
        } else {
            o.putNull(key);
        }
    }
}
