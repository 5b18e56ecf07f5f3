package org.qkdmacsec.lab.iosxr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.qkdmacsec.gnmi.Encoding;
import org.qkdmacsec.gnmi.GetRequest;
import org.qkdmacsec.gnmi.PathElem;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.TypedValue;
import org.qkdmacsec.gnmi.Update;
import org.qkdmacsec.gnmi.gNMIGrpc;

/** A plain grpc-java gNMI client for the tests: TLS pinned to the lab CA, username/password metadata. */
final class GnmiTestClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final ManagedChannel channel;
    final gNMIGrpc.gNMIBlockingStub stub;

    GnmiTestClient(int port, Path caPem, String user, String password) {
        try {
            channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
                    TlsChannelCredentials.newBuilder().trustManager(caPem.toFile()).build()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gNMIGrpc.gNMIBlockingStub s = gNMIGrpc.newBlockingStub(channel);
        if (user != null) {
            Metadata md = new Metadata();
            md.put(Metadata.Key.of("username", Metadata.ASCII_STRING_MARSHALLER), user);
            md.put(Metadata.Key.of("password", Metadata.ASCII_STRING_MARSHALLER), password);
            s = s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        }
        stub = s;
    }

    gNMIGrpc.gNMIBlockingStub call() {
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** A path; a {@code Map} after a name gives that element's keys. */
    static org.qkdmacsec.gnmi.Path path(Object... parts) {
        org.qkdmacsec.gnmi.Path.Builder p = org.qkdmacsec.gnmi.Path.newBuilder();
        for (int i = 0; i < parts.length; i++) {
            PathElem.Builder e = PathElem.newBuilder().setName((String) parts[i]);
            if (i + 1 < parts.length && parts[i + 1] instanceof Map<?, ?> keys) {
                keys.forEach((k, v) -> e.putKey((String) k, (String) v));
                i++;
            }
            p.addElem(e);
        }
        return p.build();
    }

    static org.qkdmacsec.gnmi.Path chain(String name) {
        return path("Cisco-IOS-XR-um-key-chain-cfg:key", "chains", "chain", Map.of("key-chain-name", name));
    }

    static org.qkdmacsec.gnmi.Path key(String chain, String ckn) {
        return path("Cisco-IOS-XR-um-key-chain-cfg:key", "chains", "chain", Map.of("key-chain-name", chain),
                "macsec", "keys", "key", Map.of("ckn", ckn));
    }

    static org.qkdmacsec.gnmi.Path psk(String iface) {
        return path("Cisco-IOS-XR-um-interface-cfg:interfaces", "interface", Map.of("interface-name", iface),
                "Cisco-IOS-XR-um-macsec-cfg:macsec", "psk-keychain");
    }

    static Update update(org.qkdmacsec.gnmi.Path p, String json) {
        return Update.newBuilder().setPath(p).setVal(TypedValue.newBuilder().setJsonIetfVal(ByteString.copyFromUtf8(json))).build();
    }

    /** JSON of a MACsec key with a type-7 key-string and a lifetime {@code "start-time": …} object body. */
    static String keyJson(String ckn, String type7, String alg, String lifetimeBody) {
        return "{\"ckn\":\"" + ckn + "\",\"key-string\":{\"password\":\"" + type7 + "\",\"cryptographic-algorithm\":\"" + alg + "\"},"
                + "\"lifetime\":{" + lifetimeBody + "}}";
    }

    static String time(int h, int m, int s, String month, int day, int year) {
        return "{\"hour\":" + h + ",\"minute\":" + m + ",\"second\":" + s + ",\"month\":\"" + month + "\",\"day-of-month\":" + day + ",\"year\":" + year + "}";
    }

    void set(Update... updates) {
        SetRequest.Builder r = SetRequest.newBuilder();
        for (Update u : updates) {
            r.addUpdate(u);
        }
        call().set(r.build());
    }

    void replace(Update... replaces) {
        SetRequest.Builder r = SetRequest.newBuilder();
        for (Update u : replaces) {
            r.addReplace(u);
        }
        call().set(r.build());
    }

    JsonNode get(org.qkdmacsec.gnmi.Path p) {
        ByteString v = call().get(GetRequest.newBuilder().addPath(p).setEncoding(Encoding.JSON_IETF).build())
                .getNotification(0).getUpdate(0).getVal().getJsonIetfVal();
        try {
            return JSON.readTree(v.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
