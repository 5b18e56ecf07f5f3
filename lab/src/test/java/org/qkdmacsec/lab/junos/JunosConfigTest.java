package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK0;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK2;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN0;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN2;
import static org.qkdmacsec.lab.junos.JunosFixtures.T;
import static org.qkdmacsec.lab.junos.JunosFixtures.all;
import static org.qkdmacsec.lab.junos.JunosFixtures.childText;
import static org.qkdmacsec.lab.junos.JunosFixtures.connect;
import static org.qkdmacsec.lab.junos.JunosFixtures.device;
import static org.qkdmacsec.lab.junos.JunosFixtures.errors;
import static org.qkdmacsec.lab.junos.JunosFixtures.firstError;
import static org.qkdmacsec.lab.junos.JunosFixtures.has;
import static org.qkdmacsec.lab.junos.JunosFixtures.key;
import static org.qkdmacsec.lab.junos.JunosFixtures.loadKeys;
import static org.qkdmacsec.lab.junos.JunosFixtures.one;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.PortFeed;
import org.qkdmacsec.lab.mka.Side;
import org.qkdmacsec.lab.time.ManualClock;
import org.w3c.dom.Document;

@Timeout(120)
class JunosConfigTest {
    private static final String KEY_CHAINS = "<configuration><security><authentication-key-chains/></security></configuration>";
    private final ManualClock clock = new ManualClock(T);
    private JunosSimulator sim;
    private NetconfTestClient c;

    @BeforeEach
    void start() throws Exception {
        sim = device("r1", clock).start();
        c = connect(sim);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        sim.close();
    }

    private List<String> committedCkns() throws Exception {
        return all(c.rpc("<get-configuration database=\"committed\">" + KEY_CHAINS + "</get-configuration>"), "key-name");
    }

    @Test
    void committedKeyChainReadsBackWithZoneSuffixAndEncodedSecret() throws Exception {
        Document d = c.rpc("<get-configuration database=\"committed\" format=\"xml\">" + KEY_CHAINS + "</get-configuration>");
        assertEquals(CKN0, one(d, "key-name"));
        // configured as 2026-01-01.00:00:00 on a Zurich device: winter time, +0100
        assertEquals("2026-01-01.00:00:00 +0100", one(d, "start-time"));
        String secret = one(d, "secret");
        assertTrue(secret.startsWith("$9$"), secret);
        assertEquals(CAK0, Junos9.decode(secret));
        assertFalse(has(d, "macsec"), "the filter selects the key chains only");
        assertTrue(d.getDocumentElement().getFirstChild() != null);
        String configuration = c.rpcText("<get-configuration database=\"committed\"/>");
        assertFalse(configuration.toLowerCase().contains(CAK0), "no secret in clear");
        assertTrue(configuration.contains("junos:commit-localtime=\"2026-07-10 14:00:00 CEST\""), configuration);
    }

    @Test
    void privateEditShowsItsDiffAndCommitsPlainlyButRefusesACommitConfirmedAsJunosDoes() throws Exception {
        Document open = c.rpc("<open-configuration><private/></open-configuration>");
        assertEquals(List.of("uncommitted changes will be discarded on exit"), errors(open, "warning"));
        assertEquals(List.of(), errors(open, "error"));
        Document load = c.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
        assertTrue(has(load, "ok"));

        String diff = one(c.rpc("<get-configuration compare=\"rollback\" rollback=\"0\" format=\"text\"/>"), "configuration-output");
        assertTrue(diff.startsWith("[edit security authentication-key-chains key-chain QKD_CA1]\n+   key 1 {\n+       secret \"$9$"), diff);
        assertTrue(diff.contains("; ## SECRET-DATA\n+       key-name " + CKN1 + ";\n+       start-time \"2026-07-10.14:05:00 +0200\";\n+   }"), diff);
        assertFalse(diff.toLowerCase().contains(CAK1));

        // the private candidate is invisible to other sessions and to the committed database
        assertTrue(all(c.rpc("<get-configuration database=\"candidate\"/>"), "key-name").contains(CKN1));
        try (NetconfTestClient other = connect(sim)) {
            assertFalse(all(other.rpc("<get-configuration/>"), "key-name").contains(CKN1));
        }
        assertEquals(List.of(CKN0), committedCkns());

        // Juniper's XML protocol guide: a confirmed commit cannot be performed on a private copy
        for (String confirmed : List.of("<commit-configuration><confirmed/><confirm-timeout>2</confirm-timeout></commit-configuration>",
                "<commit><confirmed/><confirm-timeout>120</confirm-timeout></commit>")) {
            Document refused = c.rpc(confirmed);
            assertFalse(has(refused, "commit-success"));
            assertEquals(List.of("commit confirmed not supported for private configuration"), errors(refused, "error"), confirmed);
            assertEquals(Optional.empty(), sim.pendingRollbackDeadline());
            assertEquals(List.of(CKN0), committedCkns());
        }

        Document commit = c.rpc("<commit-configuration/>");
        assertTrue(has(commit, "commit-success"));
        assertTrue(has(commit, "load-success"));
        assertEquals(List.of(CKN0, CKN1), committedCkns());
    }

    @Test
    void lockedCandidateCommitConfirmedRollsBackAtTheDeadlineEvenAfterTheSessionEnds() throws Exception {
        MkaLinkModel link = new MkaLinkModel(clock);
        sim.attach("et-0/0/0", link.a());
        try (NetconfTestClient a = connect(sim)) {
            assertTrue(has(a.rpc("<lock><target><candidate/></target></lock>"), "ok"));
            assertTrue(has(a.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05"))), "ok"));
            Document commit = a.rpc("<commit-configuration><confirmed/><confirm-timeout>2</confirm-timeout></commit-configuration>");
            assertTrue(has(commit, "commit-success"), errors(commit, "error").toString());
            assertFalse(has(commit, "load-success"), "load-success is for private copies only");
            assertTrue(has(a.rpc("<unlock><target><candidate/></target></unlock>"), "ok"));
        }
        // the committing session is gone; the rollback timer is the device's and keeps running
        assertEquals(Optional.of(T.plusSeconds(120)), sim.pendingRollbackDeadline());
        assertEquals(List.of(CKN0, CKN1), committedCkns());
        clock.advance(Duration.ofSeconds(119));
        assertEquals(List.of(CKN0, CKN1), committedCkns());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of(CKN0), committedCkns());
        assertEquals(Optional.empty(), sim.pendingRollbackDeadline());
        // the model saw: attach at T, commit at T, rollback at its deadline T+120 (not when noticed)
        assertEquals(List.of(T, T, T.plusSeconds(120)), link.feeds(Side.A).stream().map(PortFeed::at).toList());
        assertEquals(List.of(1, 2, 1), link.feeds(Side.A).stream().map(f -> f.keys().size()).toList());
    }

    @Test
    void aLaterCommitFromAnySessionConfirms() throws Exception {
        c.rpc("<lock-configuration/>");
        c.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
        assertTrue(has(c.rpc("<commit-configuration><confirmed/></commit-configuration>"), "commit-success"));
        assertEquals(Optional.of(T.plusSeconds(600)), sim.pendingRollbackDeadline(), "default confirm-timeout is 10 minutes");
        c.rpc("<unlock-configuration/>");
        try (NetconfTestClient other = connect(sim)) {
            Document confirm = other.rpc("<commit-configuration/>");
            assertTrue(has(confirm, "commit-success"));
        }
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(CKN0, CKN1), committedCkns());
    }

    @Test
    void standardCommitConfirmedCountsSeconds() throws Exception {
        assertTrue(has(c.rpc("<lock><target><candidate/></target></lock>"), "ok"));
        Document edit = c.rpc("<edit-config><target><candidate/></target><config><configuration><security><authentication-key-chains>"
                + "<key-chain><name>QKD_CA1</name>" + key(1, CKN1, CAK1, "2026-07-10.14:05") + "</key-chain>"
                + "</authentication-key-chains></security></configuration></config></edit-config>");
        assertTrue(has(edit, "ok"));
        assertTrue(has(c.rpc("<commit><confirmed/><confirm-timeout>30</confirm-timeout></commit>"), "ok"));
        assertEquals(Optional.of(T.plusSeconds(30)), sim.pendingRollbackDeadline());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of(CKN0), committedCkns());
        Document running = c.rpc("<get-config><source><running/></source><filter type=\"subtree\">" + KEY_CHAINS + "</filter></get-config>");
        assertEquals(List.of(CKN0), all(running, "key-name"));
        assertTrue(has(c.rpc("<unlock><target><candidate/></target></unlock>"), "ok"));
    }

    private Document commitFails(String loadBody) throws Exception {
        Document load = c.rpc(loadBody);
        assertEquals(List.of(), errors(load, "error"));
        Document commit = c.rpc("<commit-configuration/>");
        assertFalse(has(commit, "commit-success"));
        assertTrue(errors(commit, "error").contains("configuration check-out failed"), errors(commit, "error").toString());
        assertTrue(has(c.rpc("<discard-changes/>"), "ok"));
        assertEquals(List.of(CKN0), committedCkns());
        return commit;
    }

    @Test
    void commitRejectsBadCknsCakLengthAndUnknownKeyChainLikeJunos() throws Exception {
        String even = "Must be an even-length string up to 64 hexadecimal digits (0-9, a-f, A-F)";
        Document odd = commitFails(loadKeys(key(1, "abc", CAK1, "2026-07-10.14:05")));
        assertEquals(even, childText(firstError(odd), "error-message"));
        assertEquals("[edit security authentication-key-chains key-chain QKD_CA1 key 1]", childText(firstError(odd), "error-path"));
        assertEquals("key-name", childText(firstError(odd), "bad-element"));

        Document tooLong = commitFails(loadKeys(key(1, "ab".repeat(33), CAK1, "2026-07-10.14:05")));
        assertEquals(even, childText(firstError(tooLong), "error-message"));

        Document shortCak = commitFails(loadKeys(key(1, CKN1, CAK1.substring(0, 32), "2026-07-10.14:05")));
        assertEquals("CAK length 32 does not match cipher-suite gcm-aes-xpn-256 (requires 64 hexadecimal digits)",
                childText(firstError(shortCak), "error-message"));

        Document unknownChain = commitFails("<load-configuration><configuration><security><macsec><connectivity-association>"
                + "<name>CA1</name><pre-shared-key-chain>NOPE</pre-shared-key-chain></connectivity-association></macsec></security>"
                + "</configuration></load-configuration>");
        assertEquals("Referenced authentication-key-chain NOPE is not defined", childText(firstError(unknownChain), "error-message"));
        assertEquals("[edit security macsec connectivity-association CA1]", childText(firstError(unknownChain), "error-path"));

        Document sameStart = commitFails(loadKeys(key(1, CKN1, CAK1, "2026-01-01.00:00")));
        assertEquals("key 1 has the same start-time as key 0", childText(firstError(sameStart), "error-message"));
    }

    @Test
    void loadRejectsKeyIdsOutsideZeroToSixtyThreeAndBadTimes() throws Exception {
        Document d = c.rpc(loadKeys(key(64, CKN1, CAK1, "2026-07-10.14:05")));
        assertEquals(List.of("Value 64 is not within range (0..63)"), errors(d, "error"));
        assertEquals("1", one(d, "load-error-count"));
        assertFalse(has(d, "ok"));
        Document time = c.rpc(loadKeys(key(1, CKN1, CAK1, "10/07/2026 14:05")));
        assertEquals(List.of("invalid date/time '10/07/2026 14:05': expected YYYY-MM-DD.HH:MM[:SS]"), errors(time, "error"));
        // nothing of a failed load stays in the candidate
        assertEquals(List.of(CKN0), all(c.rpc("<get-configuration>" + KEY_CHAINS + "</get-configuration>"), "key-name"));
    }

    @Test
    void commitCheckValidatesWithoutCommitting() throws Exception {
        c.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
        Document check = c.rpc("<commit-configuration><check/></commit-configuration>");
        assertTrue(has(check, "commit-check-success"));
        assertEquals(List.of(CKN0), committedCkns());
    }

    @Test
    void deletesAndWarningsComeBackWithOk() throws Exception {
        c.rpc("<open-configuration><private/></open-configuration>");
        Document missing = c.rpc(loadKeys("<key delete=\"delete\"><name>9</name></key>"));
        assertEquals(List.of("statement not found"), errors(missing, "warning"));
        assertTrue(has(missing, "ok"));
        // replace key 0 by key 2 whose start-time is already past: a warning, and the commit goes through
        c.rpc(loadKeys("<key delete=\"delete\"><name>0</name></key>", key(2, CKN2, CAK2, "2026-07-10.13:00")));
        Document commit = c.rpc("<commit-configuration/>");
        assertTrue(has(commit, "commit-success"));
        assertEquals(List.of("start-time 2026-07-10.13:00:00 +0200 of key 2 is not in the future"), errors(commit, "warning"));
        assertEquals(List.of(CKN2), committedCkns());
    }

    @Test
    void exclusiveLockAndPrivateSessionsConflictAcrossSessions() throws Exception {
        try (NetconfTestClient b = connect(sim)) {
            int aId = Integer.parseInt(c.serverHello.replaceAll("(?s).*<session-id>(\\d+)</session-id>.*", "$1"));
            assertTrue(has(c.rpc("<lock><target><candidate/></target></lock>"), "ok"));
            Document denied = b.rpc("<lock><target><candidate/></target></lock>");
            assertEquals("lock-denied", childText(firstError(denied), "error-tag"));
            assertEquals(Integer.toString(aId), childText(firstError(denied), "session-id"));
            assertTrue(errors(denied, "error").get(0).startsWith("configuration database locked by:\n  lab terminal"));
            assertTrue(errors(b.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05"))), "error").get(0).startsWith("configuration database locked by"));
            assertTrue(errors(b.rpc("<open-configuration><private/></open-configuration>"), "error").get(0).startsWith("configuration database locked by"));
            assertTrue(has(c.rpc("<unlock><target><candidate/></target></unlock>"), "ok"));

            // uncommitted shared changes block exclusive and private access for others
            c.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
            assertEquals(List.of("configuration database modified"), errors(b.rpc("<lock-configuration/>"), "error"));
            assertEquals(List.of("shared configuration database modified"),
                    errors(b.rpc("<open-configuration><private/></open-configuration>"), "error"));
            c.rpc("<discard-changes/>");
            assertTrue(has(b.rpc("<lock-configuration/>"), "ok"));
        }
        // b's session ended: its lock went with it
        assertTrue(has(c.rpc("<lock-configuration/>"), "ok"));
    }

    @Test
    void faultsRefuseTheLockFailOneCommitAndSlowCommits() throws Exception {
        sim.faults().refuseLock(true);
        assertEquals("lock-denied", childText(firstError(c.rpc("<lock><target><candidate/></target></lock>")), "error-tag"));
        sim.faults().refuseLock(false);
        c.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
        sim.faults().failNextCommit("simulated commit failure");
        Document failed = c.rpc("<commit-configuration/>");
        assertEquals(List.of("simulated commit failure", "configuration check-out failed"), errors(failed, "error"));
        sim.faults().slowCommit(Duration.ofMillis(300));
        assertTrue(has(c.rpc("<commit-configuration/>"), "commit-success"));
        assertEquals(List.of(CKN0, CKN1), committedCkns());
        sim.faults().clear();
    }

    @Test
    void interfaceDescriptionAndTextFormat() throws Exception {
        c.rpc("<load-configuration action=\"merge\" format=\"xml\"><configuration><interfaces><interface><name>et-0/0/0</name>"
                + "<description>qkd key_ID 5b3e0c1a-2f6d-4e8b-9c7a-1d2e3f405162</description></interface></interfaces></configuration></load-configuration>");
        assertTrue(has(c.rpc("<commit-configuration/>"), "commit-success"));
        Document d = c.rpc("<get-configuration database=\"committed\"><configuration><interfaces><interface><name>et-0/0/0</name>"
                + "</interface></interfaces></configuration></get-configuration>");
        assertEquals("qkd key_ID 5b3e0c1a-2f6d-4e8b-9c7a-1d2e3f405162", one(d, "description"));
        String text = one(c.rpc("<get-configuration database=\"committed\" format=\"text\"/>"), "configuration-text");
        assertTrue(text.contains("interface et-0/0/0 {\n        description \"qkd key_ID 5b3e0c1a-2f6d-4e8b-9c7a-1d2e3f405162\";"), text);
        assertTrue(text.contains("secret \"$9$"), text);
        assertTrue(text.contains("## SECRET-DATA"));
    }

    @Test
    void deviceClockSkewMovesDeviceTimeNotLabTime() throws Exception {
        sim.setClockSkew(Duration.ofSeconds(-30));
        assertEquals(Instant.parse("2026-07-10T11:59:30Z"), sim.deviceTime());
        assertEquals("2026-07-10 13:59:30 CEST",
                c.rpc("<get-system-uptime-information/>").getElementsByTagNameNS("*", "date-time").item(0).getTextContent());
    }
}
