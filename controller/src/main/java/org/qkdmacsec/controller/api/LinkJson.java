package org.qkdmacsec.controller.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import org.qkdmacsec.controller.engine.LinkObservation;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.TxnRecord;

/**
 * Writes a {@link LinkReport} as the one link object of docs/schema/link.schema.json, for the API and
 * for {@code status -o json} alike. Every key is always present, null when the writer's source does not
 * know it; numbers carry their unit in the key ({@code key_age_seconds}, {@code outage_seconds_last_day});
 * times are UTC ISO-8601. CKNs and key_IDs are identifiers, never key material.
 */
public final class LinkJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private LinkJson() { }

    public static ObjectNode write(LinkReport r, Instant now) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("link", r.id());
        text(o, "a", r.ends().map(LinkReport.Ends::a));
        text(o, "b", r.ends().map(LinkReport.Ends::b));
        if (r.schedule().isPresent()) {
            LinkReport.Schedule s = r.schedule().get();
            ObjectNode sched = o.putObject("schedule");
            sched.put("interval_seconds", s.interval().toSeconds());
            sched.put("jitter_seconds", s.jitter().toSeconds());
            time(sched, "next_run", s.nextRun());
        } else {
            o.putNull("schedule");
        }
        Optional<LinkStateRecord> st = r.state();
        Optional<LinkReport.Active> active = r.active();
        text(o, "active_ckn", active.map(LinkReport.Active::ckn));
        text(o, "active_key_id", active.flatMap(LinkReport.Active::keyId));
        time(o, "active_since", active.flatMap(LinkReport.Active::since));
        whole(o, "key_age_seconds", r.keyAgeSeconds(now));
        time(o, "next_start", r.nextStart(now));
        whole(o, "future_keys", r.futureKeys(now).map(Integer::longValue));
        time(o, "last_key_start", r.lastKeyStart());
        text(o, "last_txn", st.flatMap(LinkStateRecord::lastTxnId));
        text(o, "last_result", st.flatMap(LinkStateRecord::lastResult));
        text(o, "last_reason", st.flatMap(LinkStateRecord::lastReason));
        time(o, "last_success", st.flatMap(LinkStateRecord::lastSuccessAt));
        if (r.inProgress().isPresent()) {
            TxnRecord t = r.inProgress().get();
            ObjectNode p = o.putObject("in_progress");
            p.put("txn", t.id());
            p.put("state", t.state().name());
            p.put("owner", t.owner());
            p.put("since", t.createdAt().toString());
        } else {
            o.putNull("in_progress");
        }
        whole(o, "kme_failures", r.kmeFailures().map(Integer::longValue));
        time(o, "hold_down_until", r.holdDownUntil());
        if (r.alarms().isPresent()) {
            ArrayNode alarms = o.putArray("alarms");
            new TreeSet<>(r.alarms().get()).forEach(alarms::add);
        } else {
            o.putNull("alarms");
        }
        if (r.observed().isPresent()) {
            LinkObservation obs = r.observed().get().observation();
            ObjectNode ob = o.putObject("observed");
            ob.put("at", obs.at().toString());
            ob.put("secured", obs.secured());
            ob.put("settling", r.observed().get().settling());
            end(ob.putObject("a"), obs.a());
            end(ob.putObject("b"), obs.b());
            o.put("outage_seconds_last_day", Math.round(r.observed().get().outageSecondsLastDay() * 10) / 10.0);
        } else {
            o.putNull("observed");
            o.putNull("outage_seconds_last_day");
        }
        return o;
    }

    private static void end(ObjectNode o, LinkObservation.End e) {
        o.put("device", e.device());
        o.put("reachable", e.reachable());
        text(o, "active_ckn", e.activeCkn());
        o.put("secured", e.secured());
        o.put("keys", e.keys().size());
        text(o, "error", e.error());
    }

    static void text(ObjectNode o, String key, Optional<String> v) {
        if (v.isPresent()) {
            o.put(key, v.get());
        } else {
            o.putNull(key);
        }
    }

    static void time(ObjectNode o, String key, Optional<Instant> v) {
        text(o, key, v.map(Instant::toString));
    }

    static void whole(ObjectNode o, String key, Optional<Long> v) {
        if (v.isPresent()) {
            o.put(key, v.get());
        } else {
            o.putNull(key);
        }
    }
}
