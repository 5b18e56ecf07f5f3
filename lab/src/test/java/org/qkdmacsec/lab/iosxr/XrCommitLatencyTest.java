package org.qkdmacsec.lab.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.key;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.keyJson;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.time;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.update;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.ext.Commit;
import org.qkdmacsec.gnmi.ext.CommitConfirm;
import org.qkdmacsec.gnmi.ext.CommitRequest;
import org.qkdmacsec.gnmi.ext.Extension;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;

/** The IOS-XR simulator's commit latency, on the lab's simulated clock and on a real one. */
class XrCommitLatencyTest {
    private static final String IF = "HundredGigE0/0/0/0";
    private static final String CAK = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";

    @TempDir
    Path dir;

    private static SetRequest confirmedSet(int year, long seconds) {
        return SetRequest.newBuilder()
                .addReplace(update(key("QKD", "0a01"), keyJson("0a01", Type7.encode(CAK, 3), "aes-256-cmac",
                        "\"start-time\":" + time(12, 0, 0, "july", 10, year) + ",\"infinite\":{}")))
                .addExtension(Extension.newBuilder().setCommit(Commit.newBuilder().setId("c1").setCommit(CommitRequest.newBuilder()
                        .setRollbackDuration(com.google.protobuf.Duration.newBuilder().setSeconds(seconds))))).build();
    }

    private static SetRequest confirm() {
        return SetRequest.newBuilder().addExtension(Extension.newBuilder().setCommit(Commit.newBuilder().setId("c1")
                .setConfirm(CommitConfirm.getDefaultInstance()))).build();
    }

    @Test
    void onTheLabsManualClockASetTakesItsLatencyInSimulatedTimeAndTheTrialCountsFromItsEnd() throws Exception {
        Instant t0 = Instant.parse("2026-07-10T10:00:00Z");
        ManualClock clock = new ManualClock(t0);
        try (IosXrSimulator xr = IosXrSimulator.builder().hostname("xr1").credentials("lab", "pw-for-lab".toCharArray())
                .pki(TestPki.create(dir)).clock(clock).timeZone(ZoneId.of("UTC")).interfaces(IF)
                .commitLatency(Duration.ofMillis(1500)).build();
             GnmiTestClient client = new GnmiTestClient(xr.gnmiPort(), xr.caBundle(), "lab", "pw-for-lab")) {
            long wall = System.nanoTime();
            client.call().set(confirmedSet(2026, 60));
            assertTrue(Duration.ofNanos(System.nanoTime() - wall).compareTo(Duration.ofSeconds(1)) < 0, "no wall cost");
            assertEquals(t0.plusMillis(1500), clock.instant());
            assertEquals(Optional.of(t0.plusMillis(1500).plusSeconds(60)), xr.pendingCommitDeadline());
            client.call().set(confirm());
            assertEquals(t0.plusMillis(3000), clock.instant(), "confirming is a commit too");
            assertEquals(Optional.empty(), xr.pendingCommitDeadline());
        }
    }

    @Test
    void onARealClockASetTakesItsLatencyInWallTime() throws Exception {
        try (IosXrSimulator xr = IosXrSimulator.builder().hostname("xr1").credentials("lab", "pw-for-lab".toCharArray())
                .pki(TestPki.create(dir)).clock(Clock.systemUTC()).timeZone(ZoneId.of("UTC")).interfaces(IF)
                .commitLatency(Duration.ofMillis(400)).build();
             GnmiTestClient client = new GnmiTestClient(xr.gnmiPort(), xr.caBundle(), "lab", "pw-for-lab")) {
            Instant before = Instant.now();
            client.call().set(confirmedSet(2030, 60));
            Instant after = Instant.now();
            assertTrue(Duration.between(before, after).toMillis() >= 400, Duration.between(before, after).toString());
            Instant deadline = xr.pendingCommitDeadline().orElseThrow();
            assertTrue(!deadline.isBefore(before.plusMillis(400).plusSeconds(60)) && !deadline.isAfter(after.plusSeconds(60)),
                    deadline + " between " + before + " and " + after);
        }
    }
}
