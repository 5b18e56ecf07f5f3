package org.qkdmacsec.lab.junos;

import java.util.List;

/** An RPC that fails: its errors go into the reply. Carries no secret (messages are built without them). */
final class RpcException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<RpcError> errors;

    RpcException(List<RpcError> errors) {
        super(errors.isEmpty() ? "rpc failed" : errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    RpcException(RpcError error) {
        this(List.of(error));
    }

    List<RpcError> errors() {
        return errors;
    }
}
