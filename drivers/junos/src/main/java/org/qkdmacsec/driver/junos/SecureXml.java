package org.qkdmacsec.driver.junos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * XML parsing hardened against what a compromised or broken device could send: no DTDs (so no
 * external entities and no entity expansion bombs), no XInclude, no external schema or stylesheet
 * access. Plus the few DOM helpers the reply parsers share, all matching on local names because
 * Junos mixes the NETCONF and {@code junos:} namespaces freely.
 */
final class SecureXml {
    private static final DocumentBuilderFactory FACTORY = factory();

    private SecureXml() { }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required security feature", e);
        }
    }

    /** Parses a document; a DOCTYPE is refused. */
    static Document parse(byte[] xml) throws SAXException {
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("XML parser unavailable", e);
        }
    }

    /** Escapes text for element content or a double-quoted attribute. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Direct child elements of {@code parent} with local name {@code name}. */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    static Optional<Element> child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
    }

    /** Trimmed text of the first direct child named {@code name}, if present and non-blank. */
    static Optional<String> childText(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().trim()).filter(s -> !s.isEmpty());
    }

    /** Every descendant element with local name {@code name}, in document order. */
    static List<Element> descendants(Element root, String name) {
        List<Element> out = new ArrayList<>();
        collect(root, name, out);
        return out;
    }

    private static void collect(Element e, String name, List<Element> out) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                if (name.equals(c.getLocalName())) {
                    out.add(c);
                }
                collect(c, name, out);
            }
        }
    }
}
