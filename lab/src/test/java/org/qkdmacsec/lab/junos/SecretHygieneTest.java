package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK0;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK2;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN2;
import static org.qkdmacsec.lab.junos.JunosFixtures.PASSWORD;
import static org.qkdmacsec.lab.junos.JunosFixtures.T;
import static org.qkdmacsec.lab.junos.JunosFixtures.USER;
import static org.qkdmacsec.lab.junos.JunosFixtures.device;
import static org.qkdmacsec.lab.junos.JunosFixtures.key;
import static org.qkdmacsec.lab.junos.JunosFixtures.loadKeys;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.time.ManualClock;
import org.slf4j.LoggerFactory;

/** Drives every code path that touches a CAK and scans logs and replies for the key material. */
@Timeout(120)
class SecretHygieneTest {
    @Test
    void noCakReachesLogsRepliesOrExceptionMessages() throws Exception {
        Logger ours = (Logger) LoggerFactory.getLogger("org.qkdmacsec");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = ours.getLevel();
        ours.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        List<String> seen = new ArrayList<>();
        ManualClock clock = new ManualClock(T);
        MkaLinkModel link = new MkaLinkModel(clock);
        try (JunosSimulator sim = device("r1", clock).start()) {
            sim.attach("et-0/0/0", link.a());
            for (boolean chunked : new boolean[] {true, false}) {
                try (NetconfTestClient c = NetconfTestClient.connect(sim, USER, PASSWORD, chunked)) {
                    seen.add(c.rpcText("<lock-configuration/>"));
                    seen.add(c.rpcText(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05"))));
                    seen.add(c.rpcText(loadKeys(key(2, CKN2, CAK2.substring(0, 30), "2026-07-10.14:10"))));
                    seen.add(c.rpcText("<commit-configuration/>")); // fails: CAK length
                    seen.add(c.rpcText(loadKeys(key(2, CKN2, CAK2, "2026-07-10.14:10"))));
                    seen.add(c.rpcText("<get-configuration compare=\"rollback\" rollback=\"0\" format=\"text\"/>"));
                    seen.add(c.rpcText("<commit-configuration><confirmed/><confirm-timeout>1</confirm-timeout></commit-configuration>"));
                    seen.add(c.rpcText("<get-configuration database=\"committed\"/>"));
                    seen.add(c.rpcText("<get-configuration database=\"committed\" format=\"text\"/>"));
                    seen.add(c.rpcText("<get-mka-session-information/>"));
                    seen.add(c.rpcText("<get-hakr-keychain-information/>"));
                    clock.advance(Duration.ofMinutes(2));
                    seen.add(c.rpcText("<get-configuration database=\"committed\"/>"));
                    sim.faults().dropSessionOn("load-configuration", JunosFaults.DropPoint.AFTER_APPLY);
                    assertThrows(IOException.class, () -> c.rpcText(loadKeys(key(3, CKN2, CAK2, "2026-07-10.14:20"))));
                }
            }
            seen.add(sim.committedConfigurationXml());
            seen.add(sim.committedConfigurationText());
            seen.add(link.toString() + link.feeds(org.qkdmacsec.lab.mka.Side.A) + link.a().state());
        } finally {
            root.detachAppender(logs);
            ours.setLevel(before);
        }
        logs.list.forEach(e -> seen.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("rolled back")), "logging was captured");
        for (String cak : List.of(CAK0, CAK1, CAK2)) {
            byte[] bytes = HexFormat.of().parseHex(cak);
            for (String form : List.of(cak.toLowerCase(Locale.ROOT), cak.toUpperCase(Locale.ROOT),
                    Base64.getEncoder().encodeToString(bytes), cak.substring(0, 30))) {
                for (String text : seen) {
                    assertFalse(text.contains(form), "key material in: " + text.substring(0, Math.min(200, text.length())));
                }
            }
        }
    }
}
