package org.qkdmacsec.driver.iosxr;

import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLogger;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.Slf4JLoggerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import org.slf4j.LoggerFactory;

/**
 * grpc-netty's HTTP/2 frame logger prints every header at DEBUG, the gNMI {@code password} metadata
 * included, and the first bytes of every message. With the application's log level at DEBUG that
 * would put the device password in the logs. This guard routes exactly those two loggers
 * ({@code NettyClientHandler}, {@code NettyServerHandler}) to java.util.logging held at INFO, so their
 * frame dumps never print; every other netty logger keeps going where it went.
 *
 * <p>Installed once per JVM, before the first gNMI channel; it changes netty's default logger factory
 * (a global), which is why it only ever narrows what those two loggers print.
 */
final class GrpcFrameTraceGuard {
    private static final Set<String> FRAME_LOGGERS = Set.of(
            "io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler",
            "io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler");
    /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
    private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();
    private static boolean installed;

    private GrpcFrameTraceGuard() {
    }

    @SuppressWarnings("deprecation") // the public constructors are the only way to delegate to these factories
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : FRAME_LOGGERS) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
            l.setLevel(Level.INFO);
            QUIET.add(l);
        }
        InternalLoggerFactory current = InternalLoggerFactory.getDefaultFactory();
        Function<String, InternalLogger> others;
        if (current instanceof Slf4JLoggerFactory) {
            Slf4JLoggerFactory slf4j = new Slf4JLoggerFactory();
            others = slf4j::newInstance;
        } else if (current instanceof JdkLoggerFactory) {
            JdkLoggerFactory jdk = new JdkLoggerFactory();
            others = jdk::newInstance;
        } else {
            LoggerFactory.getLogger(GrpcFrameTraceGuard.class).warn("netty logs through {}: cannot quiet gRPC's frame"
                    + " logger; keep {} below DEBUG, it prints the gNMI password metadata", current.getClass().getName(),
                    FRAME_LOGGERS);
            return;
        }
        JdkLoggerFactory jul = new JdkLoggerFactory();
        InternalLoggerFactory.setDefaultFactory(new InternalLoggerFactory() {
            @Override
            protected InternalLogger newInstance(String name) {
                return FRAME_LOGGERS.contains(name) ? jul.newInstance(name) : others.apply(name);
            }
        });
    }
}
