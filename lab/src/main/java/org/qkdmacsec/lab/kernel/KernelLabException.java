package org.qkdmacsec.lab.kernel;

/** The kernel lab cannot be built or run; {@link #reason()} says which step, the message says why. */
public class KernelLabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** A host tool or package is missing (qemu, busybox-static, dropbear-bin, …): the message names them. */
        MISSING_PREREQUISITES,
        /** The image build ran and failed. */
        BUILD_FAILED,
        /** qemu did not start, or the guest did not reach SSH in time. */
        BOOT_FAILED,
        /** A command in the guest failed. */
        GUEST_COMMAND_FAILED
    }

    private final Reason reason;

    public KernelLabException(Reason reason, String message) {
        super("kernel lab: " + message);
        this.reason = reason;
    }

    public KernelLabException(Reason reason, String message, Throwable cause) {
        super("kernel lab: " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
