package org.qkdmacsec.harness.playbook;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a run as JUnit XML (the Ant/Surefire dialect every CI server reads): one {@code testsuite}
 * per playbook, one {@code testcase} per step and target, {@code failure} with the reason as its type,
 * {@code system-out} with the step's trail. Times are wall-clock seconds; the simulated time of a lab
 * run is a suite property.
 */
public final class JUnitReport {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private JUnitReport() {
    }

    public static void write(PlaybookReport report, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JUnit report " + file + ": " + e.getMessage(), e);
        }
    }

    public static String render(PlaybookReport r) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            nl(x, 0);
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "qkd-macsec playbook " + r.playbook());
            counts(x, r);
            nl(x, 1);
            x.writeStartElement("testsuite");
            x.writeAttribute("name", r.playbook());
            counts(x, r);
            x.writeAttribute("timestamp", TIMESTAMP.format(r.startedAt().truncatedTo(ChronoUnit.SECONDS)));
            nl(x, 2);
            x.writeStartElement("properties");
            property(x, "playbook", r.source());
            property(x, "description", r.description());
            property(x, "inventory", r.inventory());
            property(x, "mode", r.mode());
            r.simulated().ifPresent(d -> property(x, "simulated-seconds", String.valueOf(d.toSeconds())));
            for (int i = 0; i < r.notes().size(); i++) {
                property(x, "note." + (i + 1), r.notes().get(i));
            }
            nl(x, 2);
            x.writeEndElement();
            for (CaseResult c : r.cases()) {
                testcase(x, r.playbook(), c);
            }
            nl(x, 1);
            x.writeEndElement();
            nl(x, 0);
            x.writeEndElement();
            nl(x, 0);
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render the JUnit report: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void testcase(XMLStreamWriter x, String suite, CaseResult c) throws XMLStreamException {
        nl(x, 2);
        x.writeStartElement("testcase");
        x.writeAttribute("classname", suite);
        x.writeAttribute("name", clean(c.name()));
        x.writeAttribute("time", seconds(c.wall()));
        measures(x, c);
        switch (c.status()) {
            case FAILED, ERROR -> {
                nl(x, 3);
                x.writeStartElement(c.status() == CaseResult.Status.FAILED ? "failure" : "error");
                x.writeAttribute("message", clean(c.message()));
                x.writeAttribute("type", clean(c.type()));
                x.writeCharacters(clean(c.message()));
                x.writeEndElement();
            }
            case SKIPPED -> {
                nl(x, 3);
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", clean(c.message()));
            }
            default -> { }
        }
        String out = (c.status() == CaseResult.Status.PASSED ? c.message() + "\n" : "")
                + (c.simulated().isZero() ? "" : "simulated time: " + seconds(c.simulated()) + " s\n") + c.output();
        if (!out.isBlank()) {
            nl(x, 3);
            x.writeStartElement("system-out");
            x.writeCharacters(clean(out.strip()) + "\n");
            x.writeEndElement();
        }
        nl(x, 2);
        x.writeEndElement();
    }

    /**
     * The case's numbers and outcome as test-case properties (the convention Jenkins and pytest's
     * record_property use), named as in {@code playbook run -o json}: units in the name.
     */
    private static void measures(XMLStreamWriter x, CaseResult c) throws XMLStreamException {
        if (c.outageSeconds().isEmpty() && c.rollover().isEmpty()) {
            return;
        }
        nl(x, 3);
        x.writeStartElement("properties");
        c.outageSeconds().ifPresent(s -> property(x, "outage_seconds", String.valueOf(s)));
        c.rollover().ifPresent(r -> {
            property(x, "state", r.state().name());
            r.reason().ifPresent(reason -> property(x, "reason", reason.name()));
            r.txnId().ifPresent(t -> property(x, "txn", t));
        });
        nl(x, 3);
        x.writeEndElement();
    }

    private static void counts(XMLStreamWriter x, PlaybookReport r) throws XMLStreamException {
        x.writeAttribute("tests", String.valueOf(r.cases().size()));
        x.writeAttribute("failures", String.valueOf(r.count(CaseResult.Status.FAILED)));
        x.writeAttribute("errors", String.valueOf(r.count(CaseResult.Status.ERROR)));
        x.writeAttribute("skipped", String.valueOf(r.count(CaseResult.Status.SKIPPED)));
        x.writeAttribute("time", seconds(r.wall()));
    }

    private static void property(XMLStreamWriter x, String name, String value) {
        try {
            nl(x, 3);
            x.writeEmptyElement("property");
            x.writeAttribute("name", name);
            x.writeAttribute("value", clean(value));
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void nl(XMLStreamWriter x, int depth) throws XMLStreamException {
        x.writeCharacters("\n" + "  ".repeat(depth));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    /** Characters XML 1.0 cannot carry (control characters from a device's text) become '?'. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000 ? cp : '?'));
        return b.toString();
    }
}
