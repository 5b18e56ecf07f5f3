package org.qkdmacsec.driver.junos;

import java.util.List;
import java.util.stream.Collectors;
import org.w3c.dom.Element;

/**
 * A parsed {@code <rpc-reply>}: the root element (secrets already blanked by {@link SecretRedactor})
 * and every {@code <rpc-error>} found anywhere in it. Junos may return data and errors together, or
 * {@code <ok/>} with warnings: the rule here is that warnings never fail an operation and an error
 * always does, whatever else the reply holds.
 */
record RpcReply(String messageId, Element root, List<RpcError> problems) {
    RpcReply {
        problems = List.copyOf(problems);
    }

    static RpcReply of(String messageId, Element root) {
        return new RpcReply(messageId, root, SecureXml.descendants(root, "rpc-error").stream().map(RpcError::parse).toList());
    }

    List<RpcError> errors() {
        return problems.stream().filter(RpcError::isError).toList();
    }

    List<RpcError> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    boolean failed() {
        return problems.stream().anyMatch(RpcError::isError);
    }

    /** All errors on one line, in the device's words. */
    String errorSummary() {
        return errors().stream().map(RpcError::describe).collect(Collectors.joining("; "));
    }
}
