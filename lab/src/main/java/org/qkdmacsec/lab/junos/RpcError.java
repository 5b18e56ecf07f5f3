package org.qkdmacsec.lab.junos;

import java.util.List;

/**
 * One {@code <rpc-error>} as Junos sends it. Messages name what was wrong and where, never secret values.
 *
 * @param type       error-type: protocol, application or rpc
 * @param tag        error-tag (RFC 6241), e.g. invalid-value, lock-denied, operation-failed
 * @param severity   error or warning
 * @param path       error-path in Junos form ({@code [edit security macsec ...]}), or null
 * @param badElement error-info/bad-element, or null
 * @param sessionId  error-info/session-id (the lock holder), or null
 */
record RpcError(String type, String tag, String severity, String path, String badElement, String sessionId,
                String message) {

    static RpcError error(String type, String tag, String message) {
        return new RpcError(type, tag, "error", null, null, null, message);
    }

    static RpcError warning(String message) {
        return new RpcError("application", "operation-failed", "warning", null, null, null, message);
    }

    RpcError at(String editPath) {
        return new RpcError(type, tag, severity, editPath, badElement, sessionId, message);
    }

    RpcError bad(String element) {
        return new RpcError(type, tag, severity, path, element, sessionId, message);
    }

    RpcError holder(int session) {
        return new RpcError(type, tag, severity, path, badElement, Integer.toString(session), message);
    }

    boolean isError() {
        return "error".equals(severity);
    }

    static boolean anyError(List<RpcError> errors) {
        return errors.stream().anyMatch(RpcError::isError);
    }

    String toXml() {
        StringBuilder b = new StringBuilder("<rpc-error>\n");
        b.append(Xml.leaf("error-type", type)).append('\n');
        b.append(Xml.leaf("error-tag", tag)).append('\n');
        b.append(Xml.leaf("error-severity", severity)).append('\n');
        if (path != null) {
            b.append(Xml.leaf("error-path", path)).append('\n');
        }
        b.append(Xml.leaf("error-message", message)).append('\n');
        if (badElement != null || sessionId != null) {
            b.append("<error-info>\n");
            if (badElement != null) {
                b.append(Xml.leaf("bad-element", badElement)).append('\n');
            }
            if (sessionId != null) {
                b.append(Xml.leaf("session-id", sessionId)).append('\n');
            }
            b.append("</error-info>\n");
        }
        return b.append("</rpc-error>\n").toString();
    }

    static String toXml(List<RpcError> errors) {
        StringBuilder b = new StringBuilder();
        errors.forEach(e -> b.append(e.toXml()));
        return b.toString();
    }
}
