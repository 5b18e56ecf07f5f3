package org.qkdmacsec.lab.junos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** DOM helpers: a hardened parser (no DTDs, no external entities) and element navigation by local name. */
final class Xml {
    private Xml() {
    }

    static Document parse(byte[] bytes) throws SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("JDK XML parser lacks a required feature", e);
        } catch (IOException e) {
            throw new SAXException(e);
        }
    }

    static String name(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    static Element child(Element e, String localName) {
        for (Element c : children(e)) {
            if (name(c).equals(localName)) {
                return c;
            }
        }
        return null;
    }

    static boolean has(Element e, String localName) {
        return child(e, localName) != null;
    }

    /** Trimmed text of a child element, or null when absent. */
    static String childText(Element e, String localName) {
        Element c = child(e, localName);
        return c == null ? null : c.getTextContent().trim();
    }

    /** An attribute by local name, whatever its namespace; null when absent. */
    static String attr(Element e, String localName) {
        var attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            if (name(a).equals(localName) && !"xmlns".equals(a.getPrefix()) && !"xmlns".equals(a.getNodeName())) {
                return a.getNodeValue();
            }
        }
        return null;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code <name>text</name>} with the text escaped. */
    static String leaf(String name, Object text) {
        return "<" + name + ">" + escape(String.valueOf(text)) + "</" + name + ">";
    }
}
