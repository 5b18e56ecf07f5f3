package org.qkdmacsec.driver.iosxr;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.qkdmacsec.gnmi.CapabilityRequest;
import org.qkdmacsec.gnmi.CapabilityResponse;
import org.qkdmacsec.gnmi.GetRequest;
import org.qkdmacsec.gnmi.GetResponse;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.SetResponse;
import org.qkdmacsec.gnmi.gNMIGrpc;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;

/**
 * A gNMI channel to one device: TLS trusting only the CA pinned in the inventory (host name checked),
 * {@code username}/{@code password} sent as gRPC metadata on every call (IOS-XR's gNMI
 * authentication), a deadline on every call, and gRPC statuses mapped to typed
 * {@link DriverException}s whose text is passed through the {@link Redactor}.
 */
final class GnmiClient implements AutoCloseable {
    private final String device;
    private final ManagedChannel channel;
    private final gNMIGrpc.gNMIBlockingStub stub;
    private final Duration rpcTimeout;
    private final Redactor redactor;

    private GnmiClient(String device, ManagedChannel channel, gNMIGrpc.gNMIBlockingStub stub, Duration rpcTimeout,
                       Redactor redactor) {
        this.device = device;
        this.channel = channel;
        this.stub = stub;
        this.rpcTimeout = rpcTimeout;
        this.redactor = redactor;
    }

    static GnmiClient open(DeviceTarget target, IosXrOptions options, DriverContext context, Redactor redactor) {
        GrpcFrameTraceGuard.install();
        SslContext tls;
        try {
            tls = GrpcSslContexts.forClient().trustManager(options.gnmiCa().orElseThrow().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new DriverException(Kind.INVALID_REQUEST, target.name(),
                    "cannot use gnmi-ca " + options.gnmiCa().orElseThrow() + " as a TLS trust anchor: " + e.getMessage(), e);
        }
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(target.host(), options.gnmiPort())
                .sslContext(tls)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) context.connectTimeout().toMillis())
                .maxInboundMessageSize(64 * 1024 * 1024);
        options.gnmiServerName().ifPresent(builder::overrideAuthority);
        ManagedChannel channel = builder.build();
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("username", Metadata.ASCII_STRING_MARSHALLER), target.username());
        // gRPC metadata takes a String: the one place the password becomes one, kept by the channel only.
        target.password().ifPresent(p -> auth.put(Metadata.Key.of("password", Metadata.ASCII_STRING_MARSHALLER),
                p.apply(b -> new String(b, StandardCharsets.UTF_8))));
        gNMIGrpc.gNMIBlockingStub stub = gNMIGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
        return new GnmiClient(target.name(), channel, stub, context.rpcTimeout(), redactor);
    }

    CapabilityResponse capabilities(Duration timeout) {
        return call("Capabilities", timeout,
                () -> stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .capabilities(CapabilityRequest.getDefaultInstance()));
    }

    GetResponse get(GetRequest request) {
        return call("Get", rpcTimeout,
                () -> stub.withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS).get(request));
    }

    /** Set; a device refusal is {@link Kind#COMMIT_FAILED} (gNMI Set is the commit), anything else per status. */
    SetResponse set(SetRequest request) {
        return call("Set", rpcTimeout,
                () -> stub.withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS).set(request));
    }

    private <T> T call(String rpc, Duration timeout, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw map(rpc, timeout, e.getStatus(), e);
        }
    }

    private DriverException map(String rpc, Duration timeout, Status status, StatusRuntimeException e) {
        String text = redactor.apply(status.getDescription() == null ? "" : status.getDescription());
        String where = "gNMI " + rpc + ": ";
        return switch (status.getCode()) {
            case UNAVAILABLE -> {
                if (causedByTls(e)) {
                    yield new DriverException(Kind.HOST_KEY, device, where + "TLS handshake failed: the device's"
                            + " certificate is not signed by the pinned gnmi-ca or does not name the host ("
                            + rootMessage(e) + ")", e);
                }
                yield new DriverException(Kind.CONNECT, device, where + "device unreachable (" + text + ")", e);
            }
            case DEADLINE_EXCEEDED -> new DriverException(Kind.TIMEOUT, device, where + "no answer within " + timeout, e);
            case UNAUTHENTICATED, PERMISSION_DENIED -> new DriverException(Kind.AUTH, device,
                    where + "refused (" + status.getCode() + "): " + text, e);
            case UNIMPLEMENTED -> new DriverException(Kind.UNSUPPORTED, device, where + "not implemented by the device: " + text, e);
            case FAILED_PRECONDITION -> "Set".equals(rpc)
                    ? new DriverException(Kind.LOCKED, device, where + "refused (FAILED_PRECONDITION, e.g. another"
                    + " commit awaits confirmation): " + text, e)
                    : new DriverException(Kind.DEVICE_ERROR, device, where + text, e);
            case CANCELLED -> new DriverException(Kind.SESSION_LOST, device, where + "call cancelled: " + text, e);
            default -> "Set".equals(rpc)
                    ? new DriverException(Kind.COMMIT_FAILED, device, where + "rejected as a whole ("
                    + status.getCode() + "): " + text, e)
                    : new DriverException(Kind.DEVICE_ERROR, device, where + status.getCode() + ": " + text, e);
        };
    }

    private static boolean causedByTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
                return true;
            }
            String n = t.getClass().getName().toLowerCase(Locale.ROOT);
            if (n.contains("ssl") || n.contains("certificate")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
