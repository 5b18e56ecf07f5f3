package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN1;
import static org.qkdmacsec.lab.junos.JunosFixtures.PASSWORD;
import static org.qkdmacsec.lab.junos.JunosFixtures.T;
import static org.qkdmacsec.lab.junos.JunosFixtures.USER;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.time.ManualClock;
import org.w3c.dom.Document;

@Timeout(120)
class NetconfSessionTest {
    private final ManualClock clock = new ManualClock(T);

    @Test
    void chunkedFramingWhenBothOfferBase11EndOfMessageOtherwise() throws Exception {
        try (JunosSimulator sim = device("r1", clock).start();
             NetconfTestClient c11 = connect(sim);
             NetconfTestClient c10 = NetconfTestClient.connect(sim, USER, PASSWORD, false)) {
            assertTrue(sim.port() > 0);
            assertTrue(c11.chunked);
            assertFalse(c10.chunked);
            assertTrue(c11.serverHello.contains("urn:ietf:params:netconf:base:1.1"));
            String reply = c11.rpcText("<get-software-information/>");
            assertTrue(reply.contains("message-id=\"101\""), reply);
            assertEquals("23.4R1.9", one(NetconfTestClient.parse(reply), "junos-version"));
            assertEquals("r1", one(c10.rpc("<get-software-information/>"), "host-name"));
            assertEquals(2, sim.sessionCount());
        }
        try (JunosSimulator only10 = device("r2", clock).netconf11(false).start(); NetconfTestClient c = connect(only10)) {
            assertFalse(c.serverHello.contains("base:1.1"));
            assertFalse(c.chunked);
            assertEquals("mx204", one(c.rpc("<get-software-information/>"), "product-model"));
        }
    }

    @Test
    void hostKeyIsPinnableThroughKnownHostsAndAChangedKeyIsRefused(@TempDir Path dir) throws Exception {
        Path knownHosts = dir.resolve("ssh/known_hosts");
        int port;
        try (JunosSimulator sim = device("r1", clock).start()) {
            port = sim.port();
            assertTrue(sim.knownHostsLine().startsWith("[127.0.0.1]:" + port + " ssh-ed25519 AAAA"), sim.knownHostsLine());
            assertTrue(sim.hostKeyFingerprint().startsWith("SHA256:"));
            sim.writeKnownHosts(knownHosts);
            assertEquals(List.of(sim.knownHostsLine()), Files.readAllLines(knownHosts));
            var verifier = new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts);
            try (NetconfTestClient c = NetconfTestClient.connect(sim.host(), port, USER, PASSWORD, true, verifier)) {
                assertEquals("r1", one(c.rpc("<get-software-information/>"), "host-name"));
            }
        }
        // Same address and port, new host key: the known_hosts entry no longer matches.
        try (JunosSimulator impostor = device("r1", clock).port(port).hostKeyType(HostKeyType.ECDSA_P256).start()) {
            assertTrue(impostor.knownHostsLine().contains(" ecdsa-sha2-nistp256 "));
            var verifier = new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts);
            assertThrows(IOException.class, () -> NetconfTestClient.connect(impostor.host(), port, USER, PASSWORD, true, verifier).close());
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        try (JunosSimulator sim = device("r1", clock).start()) {
            assertThrows(IOException.class, () -> NetconfTestClient.connect(sim, USER, "wrong", true).close());
        }
    }

    @Test
    void unknownRpcAndMalformedXmlGiveRpcErrorsAndTheSessionGoesOn() throws Exception {
        try (JunosSimulator sim = device("r1", clock).start(); NetconfTestClient c = connect(sim)) {
            Document d = c.rpc("<get-foo-information/>");
            assertEquals(List.of("syntax error"), errors(d, "error"));
            assertEquals("get-foo-information", childText(firstError(d), "bad-element"));
            c.send("<rpc message-id=\"9\"><get-software-information></rpc>");
            Document bad = NetconfTestClient.parse(c.receive());
            assertEquals("malformed-message", childText(firstError(bad), "error-tag"));
            assertEquals("r1", one(c.rpc("<get-software-information/>"), "host-name"));
        }
    }

    @Test
    void closeSessionRepliesOkThenEnds() throws Exception {
        try (JunosSimulator sim = device("r1", clock).start(); NetconfTestClient c = connect(sim)) {
            assertTrue(has(c.rpc("<close-session/>"), "ok"));
            assertNull(c.receive());
        }
    }

    @Test
    void droppedSessionMidCommitAfterApplyLeavesTheCommitInPlace() throws Exception {
        try (JunosSimulator sim = device("r1", clock).start()) {
            try (NetconfTestClient c = connect(sim)) {
                c.rpc("<open-configuration><private/></open-configuration>");
                c.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
                sim.faults().dropSessionOn("commit-configuration", JunosFaults.DropPoint.AFTER_APPLY);
                assertThrows(IOException.class, () -> c.rpcText("<commit-configuration/>"));
            }
            assertTrue(sim.committedConfigurationXml().contains(CKN1));
            try (NetconfTestClient c = connect(sim)) {
                assertTrue(all(c.rpc("<get-configuration database=\"committed\"/>"), "key-name").contains(CKN1));
            }
        }
    }

    @Test
    void droppedSessionBeforeApplyChangesNothingAndReleasesTheLock() throws Exception {
        try (JunosSimulator sim = device("r1", clock).start()) {
            try (NetconfTestClient c = connect(sim)) {
                assertTrue(has(c.rpc("<lock><target><candidate/></target></lock>"), "ok"));
                c.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
                sim.faults().dropSessionOn("commit", JunosFaults.DropPoint.BEFORE_APPLY);
                assertThrows(IOException.class, () -> c.rpcText("<commit/>"));
            }
            assertFalse(sim.committedConfigurationXml().contains(CKN1));
            try (NetconfTestClient other = connect(sim)) {
                // the dropped session's lock and uncommitted changes are gone
                assertTrue(has(other.rpc("<lock><target><candidate/></target></lock>"), "ok"));
                assertFalse(all(other.rpc("<get-configuration/>"), "key-name").contains(CKN1));
            }
        }
    }
}
