package org.qkdmacsec.lab.iosxr;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the {@code username} and {@code password} metadata IOS-XR's gNMI server expects on every call;
 * a call without them, or with wrong ones, ends UNAUTHENTICATED before reaching the service.
 */
final class GnmiAuth implements ServerInterceptor {
    static final Context.Key<String> USER = Context.key("gnmi-user");
    static final Metadata.Key<String> USERNAME = Metadata.Key.of("username", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> PASSWORD = Metadata.Key.of("password", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] username;
    private final byte[] password;

    GnmiAuth(String username, char[] password) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = new String(password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String u = headers.get(USERNAME);
        String p = headers.get(PASSWORD);
        boolean ok = u != null && p != null
                & MessageDigest.isEqual(username, (u == null ? "" : u).getBytes(StandardCharsets.UTF_8))
                & MessageDigest.isEqual(password, (p == null ? "" : p).getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            call.close(Status.UNAUTHENTICATED.withDescription(
                    "authentication failed: the 'username' and 'password' metadata are missing or wrong"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(USER, u), call, headers, next);
    }
}
