package org.qkdmacsec.harness.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.lab.mka.TimeInterval;

/**
 * The promises, judged from the ground truth (the devices' committed configuration, the MKA and SA
 * link models) and the journal's own rows — never from what the controller says of itself:
 * <ol>
 * <li>secured at every simulated second, except while a device is down or its clock is off (and one MKA
 *     life time after; for Linux, whose SAs a restart loses, until the next successful rollover);</li>
 * <li>at the end both ends hold the same keys (CKN, start, and end where both have lifetimes);</li>
 * <li>no key of ours on a device that the journal does not know;</li>
 * <li>every transaction ended: DONE, ABORTED with its keys never in service, or FAILED with an alarm
 *     (the search draws no fault that needs an operator, so FAILED is itself a finding);</li>
 * <li>a key both ends confirmed is put in service (unless MKA refused it and it was reverted);</li>
 * <li>one transaction at a time prepares a link: no commit adds another transaction's keys to a port
 *     while an earlier one's still await confirmation there;</li>
 * <li>a device that cannot do what a link needs costs no KME key;</li>
 * <li>after the faults, the link rolls again (liveness);</li>
 * <li>no key byte in a log line, a journal row or a result (checked by {@link #leaks});</li>
 * <li>every driver call holds its device's lock (checked as calls happen, in {@link Recorder}).</li>
 * </ol>
 */
final class Invariants {
    /** MKA needs a hello to secure a CA and bridges a life time (IEEE 802.1X-2010 defaults: 2 s, 6 s). */
    private static final Duration MKA_GRACE = Duration.ofSeconds(8);
    /** After a hung call: the next poll (2 s), the repair's own commits, and MKA's grace. */
    private static final Duration SLOW_GRACE = Duration.ofSeconds(30);

    private final Environment env;
    private final World world;
    private final ChaosDb db;
    private final Scenario scenario;
    private final Map<String, LinkSpec> links;
    private final Map<String, String> initial;
    private final Map<String, Instant> livenessDone;
    private final Instant t0;
    private final Instant end;
    private final List<String> out = new ArrayList<>();

    Invariants(Environment env, ChaosDb db, Scenario scenario, Map<String, String> initial, Map<String, Instant> livenessDone,
               Instant t0, Instant end) {
        this.t0 = t0;
        this.env = env;
        this.world = env.world();
        this.db = db;
        this.scenario = scenario;
        this.links = env.links();
        this.initial = initial;
        this.livenessDone = livenessDone;
        this.end = end;
    }

    List<String> check() {
        Map<String, List<Txn>> txns = readTransactions();
        for (LinkSpec link : links.values()) {
            if (env.capabilityGap(link)) {
                if (txns.getOrDefault(link.id(), List.of()).stream().anyMatch(t -> !t.ckns().isEmpty())) {
                    out.add(link.id() + ": a device cannot commit confirmed, yet KME keys were fetched for the link");
                }
                for (LinkSpec.End e : List.of(link.a(), link.b())) {
                    if (!env.keys(e).keys().isEmpty()) {
                        out.add(link.id() + ": a device cannot commit confirmed, yet keys were staged on " + e.device());
                    }
                }
                continue;
            }
            secured(link);
            sameKeys(link);
            if (env.seesDescriptions()) {
                describes(link);
            }
            knownKeys(link);
            transactions(link, txns.getOrDefault(link.id(), List.of()));
            if (!livenessDone.containsKey(link.id())) {
                out.add(link.id() + ": no rollover succeeded in three tries after every fault had cleared (liveness)");
            }
        }
        onePreparerAtATime(txns);
        return out;
    }

    // 1 --------------------------------------------------------------------------------------------------

    private void secured(LinkSpec link) {
        List<TimeInterval> excused = excused(link);
        for (TimeInterval o : env.outages(link.id(), t0.plus(Duration.ofSeconds(10)), end)) {
            if (excused.stream().noneMatch(e -> !e.from().isAfter(o.from()) && !e.to().isBefore(o.to()))) {
                StringBuilder around = new StringBuilder();
                env.uses(link.id(), o.from().minusSeconds(90), o.to().plusSeconds(15)).forEach(u -> around.append(' ')
                        .append(u.ckn().substring(0, 6)).append('[').append(u.from().atOffset(java.time.ZoneOffset.UTC).toLocalTime())
                        .append('-').append(u.to().atOffset(java.time.ZoneOffset.UTC).toLocalTime()).append(')'));
                out.add(link.id() + ": no secured CA from " + o.from() + " for " + o.duration().toMillis() / 1000.0 + " s (no fault excuses it;"
                        + " excused " + excused + "; keys in use:" + around + ")");
                return;
            }
        }
    }

    private List<TimeInterval> excused(LinkSpec link) {
        List<TimeInterval> out = new ArrayList<>();
        for (Recorder.Window w : world.recorder().windows(scenario.faults(), end)) {
            if (!w.device().equals(link.a().device()) && !w.device().equals(link.b().device())) {
                continue;
            }
            Instant to = w.to().plus(MKA_GRACE);
            if (w.kind() == FaultKind.DEVICE_RESTART && env.restartLosesKeys(w.device())) {
                // A rebooted Linux host has no SAs until a rollover installs new ones on both ends.
                to = livenessDone.getOrDefault(link.id(), end).plus(MKA_GRACE);
            }
            out.add(new TimeInterval(w.from(), to));
        }
        for (Recorder.Slow sl : world.recorder().slowCalls()) {
            // A device that takes a minute over one call holds the transaction that long: what it was to
            // do before a deadline it may do after it, and the repair follows the call.
            if (sl.device().equals(link.a().device()) || sl.device().equals(link.b().device())) {
                Duration repair = env.commitLatency(link.a().device()).plus(env.commitLatency(link.b().device())).multipliedBy(2);
                out.add(new TimeInterval(sl.from(), sl.to().plus(SLOW_GRACE).plus(repair)));
            }
        }
        for (Recorder.Down d : world.recorder().controllerDowns()) {
            // A dead controller holds its transactions until its successor starts: a side it had confirmed
            // alone may reach its start-time meanwhile (nothing else can remove it), and the successor's
            // repair — one removal per link and side, one after another — follows its start.
            Duration repair = env.commitLatency(link.a().device()).plus(env.commitLatency(link.b().device()))
                    .multipliedBy(2L * scenario.links().size());
            out.add(new TimeInterval(d.from(), d.to().plus(SLOW_GRACE).plus(repair)));
        }
        // Overlapping excuses join (a clock jump during a restart).
        out.sort((x, y) -> x.from().compareTo(y.from()));
        List<TimeInterval> joined = new ArrayList<>();
        for (TimeInterval i : out) {
            if (!joined.isEmpty() && !joined.get(joined.size() - 1).to().isBefore(i.from())) {
                TimeInterval last = joined.remove(joined.size() - 1);
                joined.add(new TimeInterval(last.from(), last.to().isAfter(i.to()) ? last.to() : i.to()));
            } else {
                joined.add(i);
            }
        }
        return joined;
    }

    // 2, 3 -----------------------------------------------------------------------------------------------

    private void sameKeys(LinkSpec link) {
        PortConfig ca = env.keys(link.a());
        PortConfig cb = env.keys(link.b());
        boolean ends = env.endTimes(link);
        Set<String> ka = keys(ca, ends);
        Set<String> kb = keys(cb, ends);
        if (!ka.equals(kb)) {
            this.out.add(link.id() + ": the ends hold different keys at the end: " + link.a().device() + " " + ka + ", "
                    + link.b().device() + " " + kb);
        }
        if (!env.scheduled(link) && !ca.transmit().equals(cb.transmit())) {
            this.out.add(link.id() + ": the ends transmit with different keys: " + ca.transmit() + " vs " + cb.transmit());
        }
    }

    /** Each end's description names the key it uses at the end (the key_ID whose CKN is the active key's). */
    private void describes(LinkSpec link) {
        for (LinkSpec.End e : List.of(link.a(), link.b())) {
            PortConfig c = env.keys(e);
            java.util.Optional<String> active = env.scheduled(link)
                    ? c.keys().stream().filter(k -> !k.start().isAfter(end)).reduce((x, y) -> y).map(PortConfig.Key::ckn) : c.transmit();
            java.util.Optional<String> named = c.description().flatMap(t -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("key_ID ([^\\s\\]]+)").matcher(t);
                return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
            });
            java.util.Optional<String> namedCkn = named.map(org.qkdmacsec.controller.keys.KeyDerivation::ckn);
            // With a keyring, a key staged ahead may have started since the last transaction wrote the
            // description (the next run updates it): a started key still configured is acceptable then.
            boolean acceptable = namedCkn.equals(active) || link.keyringSlots() > 1 && namedCkn.flatMap(c::key)
                    .map(k -> !k.start().isAfter(end)).orElse(false);
            if (active.isPresent() && !acceptable) {
                out.add(link.id() + ": " + e.device() + "'s description " + c.description().orElse("(none)") + " does not name the key in"
                        + " service " + active.get().substring(0, 12) + "…");
            }
        }
    }

    private static Set<String> keys(PortConfig c, boolean ends) {
        Set<String> s = new java.util.TreeSet<>();
        c.keys().forEach(k -> s.add(k.ckn().substring(0, 8) + "@" + k.start() + (ends ? "-" + k.end().map(Instant::toString).orElse("inf") : "")));
        return s;
    }

    private void knownKeys(LinkSpec link) {
        Set<String> known = new HashSet<>(ownCkns(link.id()));
        known.add(initial.get(link.id()));
        for (LinkSpec.End e : List.of(link.a(), link.b())) {
            for (PortConfig.Key k : env.keys(e).keys()) {
                if (!known.contains(k.ckn())) {
                    this.out.add(link.id() + ": " + e.device() + " holds key " + k.ckn().substring(0, 12) + "… that the journal does not know");
                }
            }
        }
    }

    // 4, 5 -----------------------------------------------------------------------------------------------

    record Txn(String id, String link, String state, String reason, List<String> ckns, boolean alarmed, Map<String, Instant> starts) { }

    private void transactions(LinkSpec link, List<Txn> txns) {
        List<Truth.Use> uses = env.uses(link.id(), t0.minus(ChaosRun.BOOTSTRAP), end);
        Set<String> active = new HashSet<>();
        uses.forEach(u -> active.add(u.ckn()));
        List<TimeInterval> excused = excused(link);
        for (Txn t : txns) {
            switch (t.state()) {
                case "DONE" -> { }
                case "ABORTED" -> {
                    boolean inService = uses.stream().anyMatch(u -> t.ckns().contains(u.ckn()) && excused.stream()
                            .noneMatch(e -> !e.from().isAfter(u.from()) && !e.to().isBefore(u.to())));
                    if (!"VERIFY_TIMEOUT".equals(t.reason()) && inService) {
                        out.add(link.id() + ": transaction " + t.id() + " ended ABORTED " + t.reason() + " but one of its keys was put in service");
                    }
                }
                case "FAILED" -> out.add(link.id() + ": transaction " + t.id() + " ended FAILED " + t.reason()
                        + (t.alarmed() ? " (with an alarm)" : " without an alarm") + "; no fault of this run needs an operator");
                default -> out.add(link.id() + ": transaction " + t.id() + " never ended (state " + t.state() + ")");
            }
            boolean reverted = "ABORTED".equals(t.state()) && "VERIFY_TIMEOUT".equals(t.reason());
            for (String ckn : t.ckns()) {
                if (t.starts().get(ckn).isAfter(end.minus(MKA_GRACE))) {
                    continue; // a keyring key that starts after the run
                }
                boolean confirmedBoth = env.confirmedOnBoth(link, ckn, t.starts().get(ckn)).orElse(false);
                if (confirmedBoth && !reverted && !active.contains(ckn)) {
                    out.add(link.id() + ": key " + ckn.substring(0, 12) + "… of " + t.id() + " was confirmed on both ends but never put in service");
                }
            }
        }
    }

    // 6 ----------------------------------------------------------------------------------------------------

    private void onePreparerAtATime(Map<String, List<Txn>> txns) {
        Map<String, String> owner = new HashMap<>();
        txns.values().forEach(l -> l.forEach(t -> t.ckns().forEach(c -> owner.put(c, t.id()))));
        List<Recorder.Commit> commits = world.recorder().commits();
        for (int i = 0; i < commits.size(); i++) {
            Recorder.Commit c1 = commits.get(i);
            if (!c1.pending()) {
                continue;
            }
            String k1 = c1.ckns().iterator().next();
            String t1 = owner.get(k1);
            Instant ended = world.recorder().pendingEnded(c1.device(), k1).orElse(Instant.MAX);
            for (int j = i + 1; j < commits.size(); j++) {
                Recorder.Commit c2 = commits.get(j);
                if (c2.device().equals(c1.device()) && c2.port().equals(c1.port()) && c2.at().isBefore(ended)) {
                    String t2 = owner.get(c2.ckns().iterator().next());
                    if (t1 != null && t2 != null && !t1.equals(t2)) {
                        out.add(c1.port() + " on " + c1.device() + ": transactions " + t1 + " and " + t2 + " prepared the link at once");
                        return;
                    }
                }
            }
        }
    }

    // journal reads ----------------------------------------------------------------------------------------

    private Map<String, List<Txn>> readTransactions() {
        Map<String, List<Txn>> outMap = new HashMap<>();
        try (Connection c = db.direct(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, link_id, state, reason FROM txn ORDER BY created_at")) {
            while (rs.next()) {
                String id = rs.getString(1);
                Map<String, Instant> starts = starts(c, id);
                outMap.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new Txn(id, rs.getString(2), rs.getString(3),
                        rs.getString(4), new ArrayList<>(starts.keySet()), alarmed(c, id), starts));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return outMap;
    }

    private static Map<String, Instant> starts(Connection c, String txn) throws SQLException {
        Map<String, Instant> m = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ckn, start_time FROM txn_key WHERE txn_id = ? ORDER BY seq")) {
            ps.setString(1, txn);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
                }
            }
        }
        return m;
    }

    private static boolean alarmed(Connection c, String txn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_event WHERE txn_id = ?")) {
            ps.setString(1, txn);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private Set<String> ownCkns(String link) {
        Set<String> s = new HashSet<>();
        try (Connection c = db.direct();
             PreparedStatement ps = c.prepareStatement("SELECT k.ckn FROM txn_key k JOIN txn t ON t.id = k.txn_id WHERE t.link_id = ?")) {
            ps.setString(1, link);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    s.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return s;
    }

    /** Every transaction's steps, one line each, for a failing run's report. */
    static List<String> journalDump(ChaosDb db) {
        List<String> l = new ArrayList<>();
        try (Connection c = db.direct(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t.id, t.link_id, t.state, t.owner, t.reason, t.side_a, t.side_b FROM txn t ORDER BY created_at")) {
            while (rs.next()) {
                StringBuilder sb = new StringBuilder("txn " + rs.getString(1).substring(0, 8) + " " + rs.getString(2) + " " + rs.getString(3)
                        + " owner " + rs.getString(4) + (rs.getString(5) == null ? "" : " " + rs.getString(5)) + " sides " + rs.getString(6)
                        + "/" + rs.getString(7) + ":");
                try (PreparedStatement ps = c.prepareStatement("SELECT step, side, outcome, at, detail FROM txn_step WHERE txn_id = ? ORDER BY seq")) {
                    ps.setString(1, rs.getString(1));
                    try (ResultSet st = ps.executeQuery()) {
                        while (st.next()) {
                            String d = st.getString(5);
                            sb.append(' ').append(st.getString(1)).append(st.getString(2) == null ? "" : ":" + st.getString(2))
                                    .append("OK".equals(st.getString(3)) ? "" : "!" + st.getString(3))
                                    .append('@').append(st.getObject(4, java.time.OffsetDateTime.class).toLocalTime())
                                    .append(d == null || "OK".equals(st.getString(3)) ? "" : "(" + (d.length() > 100 ? d.substring(0, 100) + "…" : d) + ")");
                        }
                    }
                }
                l.add(sb.toString());
            }
        } catch (SQLException e) {
            l.add("journal unreadable: " + e.getMessage());
        }
        return l;
    }

    static int transactionCount(ChaosDb db) {
        try (Connection c = db.direct(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM txn")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    // 9 ----------------------------------------------------------------------------------------------------

    /** Key bytes (hex or base64 of every QKD key and CAK handed out) in a log line, a journal row or a result. */
    static List<String> leaks(List<String> secrets, List<String> logLines, List<RolloverResult> results) {
        List<String> found = new ArrayList<>();
        List<String> texts = new ArrayList<>(logLines);
        results.forEach(r -> texts.add(r.toString()));
        texts.addAll(journalText());
        for (String t : texts) {
            String lower = t.toLowerCase();
            for (String s : secrets) {
                if (lower.contains(s.toLowerCase()) || t.contains(s)) {
                    found.add("key material in output: " + (t.length() > 120 ? t.substring(0, 120) + "…" : t));
                    return found;
                }
            }
        }
        return found;
    }

    private static List<String> journalText() {
        List<String> l = new ArrayList<>();
        try (Connection c = ChaosDb.get().direct(); Statement s = c.createStatement()) {
            for (String q : new String[] {"SELECT error FROM txn", "SELECT detail FROM txn_step", "SELECT message FROM audit_event",
                "SELECT last_reason FROM link_state"}) {
                try (ResultSet rs = s.executeQuery(q)) {
                    while (rs.next()) {
                        if (rs.getString(1) != null) {
                            l.add(rs.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return l;
    }
}
