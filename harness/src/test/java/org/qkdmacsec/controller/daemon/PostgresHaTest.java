package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.mka.OutageTimeline;

/**
 * Two {@code qkd-macsec run} processes (the daemon jar) sharing a real PostgreSQL through Quartz's
 * clustered job store, keying six links of the lab's simulators (in this JVM, real time). One instance
 * is killed with SIGKILL in the middle of a rollover; the other must take that transaction over within
 * 30 s and end it. The two share routers, so each also meets the other's configuration lock. Throughout, each trigger of each link runs on exactly one instance, no link has two
 * transactions at once, and no link's MKA model shows an outage.
 *
 * <p>Run: {@code mvn -B -pl controller -am package -DskipTests && mvn -B -Ppostgres -pl harness -am test}.
 */
@Tag("postgres")
class PostgresHaTest {
    static final Pattern FIRE = Pattern.compile("event=fire link=(\\S+) scheduled=(\\S+) action=(\\S+)");

    @TempDir
    Path dir;

    @Test
    void twoInstancesShareTheLinksAndTheSurvivorReconcilesTheKilledOnesRollover() throws Exception {
        DaemonProcess.requireJar();
        LabFiles files = LabFiles.of(dir, 3, 2, Duration.ofSeconds(8), Duration.ofSeconds(1), 3, Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRealCommitTimes();
        try (PostgresServer pg = PostgresServer.start(); EmbeddedLab lab = files.startLab()) {
            Path inventory = files.write("inventory.yaml");
            Map<String, String> env = Map.of("QKD_TEST_PG_PASSWORD", pg.password());
            Path cfgA = config("a.yaml", pg);
            Path cfgB = config("b.yaml", pg);
            Instant securedFrom;
            Instant killedAt;
            String killedTxn;
            DaemonProcess a = DaemonProcess.start(cfgA, inventory, dir.resolve("a.log"), env);
            try (DaemonProcess b = DaemonProcess.start(cfgB, inventory, dir.resolve("b.log"), env);
                 JournalDatabase db = JournalDatabase.open(pg.jdbcUrl(), Optional.of(PostgresServer.USER),
                         Optional.of(new SecretRef.Env("QKD_TEST_PG_PASSWORD").resolve(env::get)), 2)) {
                Journal journal = new Journal(db, Clock.systemUTC(), "test");
                Waits.await(() -> a.output().contains("event=started") && b.output().contains("event=started"), Duration.ofSeconds(90),
                        "both instances started:\n" + a.output() + "\n" + b.output());
                // Every link keyed once, by whichever instance Quartz gave it to.
                // A DONE that added keys: a run that finds the keyring full is DONE too, with none, and may come
                // before the bootstrap's first key has started.
                for (String id : files.linkIds()) {
                    Waits.await(() -> journal.history(id, 20).stream().anyMatch(t -> t.state() == TxnState.DONE && !t.keys().isEmpty()),
                            Duration.ofSeconds(120), id + " keyed");
                }
                securedFrom = Instant.now();
                // Catch a rollover of instance A between staging and its end, and kill A there.
                String ownerA = a.owner();
                Waits.await(() -> journal.unfinished().stream().anyMatch(t -> t.owner().equals(ownerA) && inTheMiddle(t)),
                        Duration.ofSeconds(90), "a rollover of A in flight");
                TxnRecord victim = journal.unfinished().stream().filter(t -> t.owner().equals(ownerA) && inTheMiddle(t)).findFirst().orElseThrow();
                a.kill();
                killedAt = Instant.now();
                killedTxn = victim.id();
                System.out.println("killed A (" + ownerA + ") with " + victim.linkId() + " txn " + victim.id() + " in " + victim.state());

                // B takes the transaction over once Quartz declares A dead (check-in 2 s + 7.5 s, docs/daemon.md),
                // decides it from both routers and ends it: forward runs on to the start-time and the retirement,
                // each commit taking the lab's real commit time, so the end comes later than the take-over.
                String ownerB = b.owner();
                Waits.await(() -> journal.txn(killedTxn).orElseThrow().owner().equals(ownerB), Duration.ofSeconds(30),
                        "B took A's transaction over within 30 s");
                Duration tookOver = Duration.between(killedAt, Instant.now());
                Waits.await(() -> journal.txn(killedTxn).orElseThrow().state().terminal(), Duration.ofSeconds(90),
                        "B ended A's transaction");
                TxnRecord settled = journal.txn(killedTxn).orElseThrow();
                Duration took = Duration.between(killedAt, settled.updatedAt());
                System.out.println("taken over by B " + tookOver.toMillis() + " ms after the kill, ended after " + took.toMillis() + " ms: "
                        + settled.state() + " " + settled.reason().orElse(""));
                assertTrue(settled.state() == TxnState.DONE || settled.state() == TxnState.ABORTED, settled.toString());
                assertTrue(b.output().contains("event=recovered link=" + victim.linkId() + " txn=" + killedTxn), b.output());

                // B alone keeps every link going afterwards, A's links included.
                // With the lab's real commit times (3 s) a rollover takes about 70 s from its start to DONE:
                // a 40 s lead (the batch's commits, its confirm window, the margin), verification, retirement.
                Instant after = Instant.now();
                for (String id : files.linkIds()) {
                    Waits.await(() -> journal.history(id, 5).stream().anyMatch(t -> t.state() == TxnState.DONE
                            && t.createdAt().isAfter(after)), Duration.ofSeconds(150), id + " keyed by B after the kill");
                }
                assertEquals(143, b.terminate(), "SIGTERM: a graceful stop");
                assertTrue(b.output().contains("event=shutdown phase=drained") || b.output().contains("event=shutdown phase=timeout"),
                        b.output());

                // No two transactions of a link prepared at once (wherever they ran): a link is claimed from
                // its transaction's start until both ends confirmed (PREPARED) or it ended; the next one may
                // prepare while an earlier one waits for its start-time (docs/operations.md).
                for (String id : files.linkIds()) {
                    List<TxnRecord> txns = new ArrayList<>(journal.history(id, 500));
                    txns.removeIf(t -> t.reason().filter(r -> r.equals("LINK_BUSY")).isPresent());
                    txns.sort(Comparator.comparing(TxnRecord::createdAt));
                    for (int i = 1; i < txns.size(); i++) {
                        TxnRecord prev = txns.get(i - 1);
                        // Released at PREPARED; a transaction taken over from the killed member is decided (and
                        // released) by its RECOVERY; one that never prepared, when it ended.
                        var steps = journal.steps(prev.id());
                        Instant released = steps.stream().filter(st -> st.step().equals("PREPARED")).map(st -> st.at()).findFirst()
                                .or(() -> steps.stream().filter(st -> st.step().equals("RECOVERY")).map(st -> st.at()).findFirst())
                                .orElse(prev.updatedAt());
                        assertTrue(!released.isAfter(txns.get(i).createdAt().plusMillis(50)),
                                "two preparations at once on " + id + ": " + prev + " / " + txns.get(i));
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                // The daemons' logs live in the temporary directory: keep what explains a failure in the report.
                for (String who : List.of("a", "b")) {
                    List<String> lines = Files.readAllLines(dir.resolve(who + ".log"));
                    System.out.println("---- last lines of " + who + ".log ----");
                    lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.out::println);
                }
                throw e;
            } finally {
                a.close();
            }
            // Each trigger ran on exactly one instance: no (link, scheduled time) fired on both.
            Map<String, String> firedBy = new HashMap<>();
            int fires = 0;
            for (String who : List.of("a", "b")) {
                Matcher m = FIRE.matcher(Files.readString(dir.resolve(who + ".log")));
                while (m.find()) {
                    fires++;
                    String key = m.group(1) + "@" + m.group(2);
                    String earlier = firedBy.put(key, who);
                    assertTrue(earlier == null, "trigger " + key + " fired twice: on " + earlier + " and " + who);
                }
            }
            Set<String> linksFired = firedBy.keySet().stream().map(k -> k.substring(0, k.indexOf('@'))).collect(Collectors.toSet());
            assertEquals(Set.copyOf(files.linkIds()), linksFired);
            System.out.println("fires: " + fires + " (a: " + firedBy.values().stream().filter("a"::equals).count() + ", b: "
                    + firedBy.values().stream().filter("b"::equals).count() + ")");
            // And the links never lost their MACsec session.
            for (String id : files.linkIds()) {
                OutageTimeline o = lab.model(id).orElseThrow().outages(securedFrom, Instant.now());
                assertTrue(o.hitless(), id + ": " + o);
            }
        }
    }

    private static boolean inTheMiddle(TxnRecord t) {
        return t.state() == TxnState.STAGED || t.state() == TxnState.COMMITTED || t.state() == TxnState.ACTIVE;
    }

    private Path config(String name, PostgresServer pg) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "journal: {url: \"" + pg.jdbcUrl() + "\", user: " + PostgresServer.USER + ", password: \"env:QKD_TEST_PG_PASSWORD\"}\n"
                + "cluster: {enabled: true, name: ha-test, checkin-interval: 2s}\n" + LabFiles.engineYaml()
                + "api: {port: 0, token-file: " + dir.resolve(name + ".api-token") + "}\nalarms: {check-interval: 2s}\nshutdown: {timeout: 30s}\n");
        return f;
    }
}
