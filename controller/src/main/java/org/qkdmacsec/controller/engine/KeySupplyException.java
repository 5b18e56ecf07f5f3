package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.util.Optional;

/** Keys could not be had; {@link #reason()} names why for the journal and alarms. */
public class KeySupplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;
    private final transient Optional<Duration> retryAfter;

    public KeySupplyException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, Optional.empty());
    }

    /**
     * @param retryAfter present when the KMEs refused without consuming any key and may serve soon ("not
     *                   enough keys yet"): the engine asks again after about this long, within
     *                   {@link EngineConfig#kmeWait()}
     */
    public KeySupplyException(Reason reason, String message, Throwable cause, Optional<Duration> retryAfter) {
        super(message, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    public KeySupplyException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
