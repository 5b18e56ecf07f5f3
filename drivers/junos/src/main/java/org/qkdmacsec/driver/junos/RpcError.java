package org.qkdmacsec.driver.junos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One {@code <rpc-error>} (RFC 6241 §4.3) as Junos sends it, possibly nested inside
 * {@code <load-configuration-results>} or {@code <commit-results>}.
 *
 * @param severity {@code error} or {@code warning}
 * @param type     error-type (transport, rpc, protocol, application), if given
 * @param tag      error-tag (e.g. {@code lock-denied}, {@code invalid-value}), if given
 * @param message  error-message, the device's own words
 * @param path     error-path (Junos: {@code [edit security ...]}), if given
 * @param info     error-info children as {@code name=value} pairs (bad-element, session-id, …)
 */
record RpcError(String severity, Optional<String> type, Optional<String> tag, String message,
                Optional<String> path, List<String> info) {
    RpcError {
        info = List.copyOf(info);
    }

    /** Anything not explicitly a warning counts as an error (RFC 6241 has only the two). */
    boolean isError() {
        return !"warning".equals(severity);
    }

    /** The configuration database is held by someone else (lock, exclusive or uncommitted edits). */
    boolean isLockConflict() {
        if (tag.filter(t -> t.equals("lock-denied") || t.equals("in-use")).isPresent()) {
            return true;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("lock") || m.contains("database modified") || m.contains("being edited");
    }

    /** One line for messages and logs: {@code error: <message> (at <path>; bad-element=x)}. */
    String describe() {
        StringBuilder b = new StringBuilder(severity).append(": ").append(message.isEmpty() ? tag.orElse("(no message)") : message);
        List<String> where = new ArrayList<>();
        path.ifPresent(p -> where.add("at " + p));
        where.addAll(info);
        if (!where.isEmpty()) {
            b.append(" (").append(String.join("; ", where)).append(')');
        }
        return b.toString();
    }

    static RpcError parse(Element e) {
        List<String> info = new ArrayList<>();
        SecureXml.child(e, "error-info").ifPresent(i -> {
            for (Node n = i.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element c && !c.getTextContent().isBlank()) {
                    info.add(c.getLocalName() + "=" + c.getTextContent().trim());
                }
            }
        });
        return new RpcError(
                SecureXml.childText(e, "error-severity").orElse("error").toLowerCase(Locale.ROOT),
                SecureXml.childText(e, "error-type"),
                SecureXml.childText(e, "error-tag"),
                SecureXml.childText(e, "error-message").orElse(""),
                SecureXml.childText(e, "error-path"),
                info);
    }
}
