package org.qkdmacsec.controller.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.StepRecord;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.TxnRecord;

/**
 * The API's JSON shapes (docs/api.md). Every documented key is always present, null when there is no
 * value, so clients can rely on the shape. Times are UTC ISO-8601; durations are seconds. CKNs and
 * key_IDs are identifiers (a CKN is SHA-256 of the key_ID), never key material.
 */
final class ApiJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() { }

    static ObjectNode link(ApiBackend.LinkStatus s, Instant now) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("link", s.id());
        o.put("a", s.a());
        o.put("b", s.b());
        ObjectNode sched = o.putObject("schedule");
        sched.put("interval_seconds", s.interval().toSeconds());
        sched.put("jitter_seconds", s.jitter().toSeconds());
        time(sched, "next_run", s.nextRun());
        Optional<LinkStateRecord> st = s.state();
        text(o, "active_ckn", st.flatMap(LinkStateRecord::activeCkn));
        text(o, "active_key_id", st.flatMap(LinkStateRecord::activeKeyId));
        Optional<Instant> since = st.flatMap(LinkStateRecord::activeSince);
        time(o, "active_since", since);
        whole(o, "key_age_seconds", since.map(t -> Duration.between(t, now).toSeconds()));
        time(o, "next_start", st.flatMap(LinkStateRecord::nextStart));
        whole(o, "future_keys", st.map(x -> (long) x.futureSlots()));
        text(o, "last_txn", st.flatMap(LinkStateRecord::lastTxnId));
        text(o, "last_result", st.flatMap(LinkStateRecord::lastResult));
        text(o, "last_reason", st.flatMap(LinkStateRecord::lastReason));
        time(o, "last_success", st.flatMap(LinkStateRecord::lastSuccessAt));
        if (s.inProgress().isPresent()) {
            TxnRecord t = s.inProgress().get();
            ObjectNode p = o.putObject("in_progress");
            p.put("txn", t.id());
            p.put("state", t.state().name());
            p.put("owner", t.owner());
            p.put("since", t.createdAt().toString());
        } else {
            o.putNull("in_progress");
        }
        o.put("kme_failures", s.kmeFailures());
        time(o, "hold_down_until", s.holdDownUntil());
        ArrayNode alarms = o.putArray("alarms");
        new TreeSet<>(s.alarms()).forEach(alarms::add);
        return o;
    }

    static ObjectNode links(List<ApiBackend.LinkStatus> links, Instant now) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("generated_at", now.toString());
        ArrayNode a = o.putArray("links");
        links.forEach(l -> a.add(link(l, now)));
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

    static ObjectNode error(String message) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", message);
        return o;
    }

    private static void text(ObjectNode o, String key, Optional<String> v) {
        if (v.isPresent()) {
            o.put(key, v.get());
        } else {
            o.putNull(key);
        }
    }

    private static void time(ObjectNode o, String key, Optional<Instant> v) {
        text(o, key, v.map(Instant::toString));
    }

    private static void whole(ObjectNode o, String key, Optional<Long> v) {
        if (v.isPresent()) {
            o.put(key, v.get());
        } else {
            o.putNull(key);
        }
    }

    private static void seconds(ObjectNode o, String key, Optional<Duration> v) {
        if (v.isPresent()) {
            o.put(key, v.get().toMillis() / 1000.0);
        } else {
            o.putNull(key);
        }
    }
}
