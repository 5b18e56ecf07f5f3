package org.qkdmacsec.controller.kme;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a cap and fails beyond it, so a broken or hostile KME cannot make the
 * controller buffer without bound. Bodies carry base64 key material, so every buffer it drops is wiped.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** Thrown (as the body's failure) when a body exceeds the cap. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long cap) {
            super("response body larger than " + cap + " bytes");
        }
    }

    private final int cap;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] buffer = new byte[4096];
    private int length;

    private CappedBody(int cap) {
        this.cap = cap;
    }

    /** A handler that refuses a declared Content-Length above {@code cap} before reading anything. */
    static HttpResponse.BodyHandler<byte[]> handler(int cap) {
        return info -> {
            OptionalLong declared = info.headers().firstValueAsLong("content-length");
            if (declared.isPresent() && declared.getAsLong() > cap) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            return new CappedBody(cap);
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            int n = b.remaining();
            if ((long) length + n > cap) {
                wipe();
                subscription.cancel();
                result.completeExceptionally(new TooLarge(cap));
                return;
            }
            if (length + n > buffer.length) {
                byte[] bigger = Arrays.copyOf(buffer, Math.min(cap, Math.max(buffer.length * 2, length + n)));
                Arrays.fill(buffer, (byte) 0);
                buffer = bigger;
            }
            b.get(buffer, length, n);
            length += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        wipe();
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        if (!result.isDone()) {
            byte[] body = Arrays.copyOf(buffer, length);
            wipe();
            result.complete(body);
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    private void wipe() {
        Arrays.fill(buffer, (byte) 0);
        length = 0;
    }
}
