package org.qkdmacsec.harness.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JUnit XML a CI server reads: counts, one testcase per verdict, failure types, escaping. */
class JUnitReportTest {
    @Test
    void everyVerdictBecomesATestcaseWithItsStatus() throws Exception {
        PlaybookReport r = new PlaybookReport("demo", "d", "playbooks/demo.yaml", "inventory/lab.yaml", "embedded lab, simulated time",
                Instant.parse("2026-11-23T08:00:00Z"), Duration.ofMillis(1500), Optional.of(Duration.ofMinutes(90)), List.of(
                        new CaseResult("1 roll", "r1-r2", CaseResult.Status.PASSED, "DONE", "", "transaction t:\n  PLANNED", Duration.ofMillis(250),
                                Duration.ofMinutes(3)),
                        new CaseResult("1 roll", "x1-x2", CaseResult.Status.FAILED, "ABORTED COMMIT_FAILED: x2 <said> \"no\" & \u0007bell",
                                "COMMIT_FAILED", "", Duration.ZERO, Duration.ZERO),
                        new CaseResult("2 verify", "r1-r2", CaseResult.Status.ERROR, "IllegalStateException: boom", "IllegalStateException", "",
                                Duration.ZERO, Duration.ZERO),
                        new CaseResult("3 wait 1m", "", CaseResult.Status.SKIPPED, "skipped: an earlier step failed", "", "", Duration.ZERO,
                                Duration.ZERO)),
                List.of("link linux-ab left out"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(JUnitReport.render(r).getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("demo", suite.getAttribute("name"));
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("1", suite.getAttribute("skipped"));
        assertEquals("1.500", suite.getAttribute("time"));
        assertEquals("2026-11-23T08:00:00", suite.getAttribute("timestamp"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        Element first = (Element) cases.item(0);
        assertEquals("1 roll [r1-r2]", first.getAttribute("name"));
        assertEquals("demo", first.getAttribute("classname"));
        assertEquals("0.250", first.getAttribute("time"));
        assertEquals("DONE\nsimulated time: 180.000 s\ntransaction t:\n  PLANNED\n", text(first, "system-out"));
        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertEquals("COMMIT_FAILED", failure.getAttribute("type"));
        assertEquals("ABORTED COMMIT_FAILED: x2 <said> \"no\" & ?bell", failure.getAttribute("message"));
        assertEquals("IllegalStateException", ((Element) ((Element) cases.item(2)).getElementsByTagName("error").item(0)).getAttribute("type"));
        assertEquals("3 wait 1m", ((Element) cases.item(3)).getAttribute("name"));
        assertEquals(1, ((Element) cases.item(3)).getElementsByTagName("skipped").getLength());
        NodeList props = doc.getElementsByTagName("property");
        assertEquals("simulated-seconds", ((Element) props.item(4)).getAttribute("name"));
        assertEquals("5400", ((Element) props.item(4)).getAttribute("value"));
        assertEquals("link linux-ab left out", ((Element) props.item(5)).getAttribute("value"));
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent();
    }
}
