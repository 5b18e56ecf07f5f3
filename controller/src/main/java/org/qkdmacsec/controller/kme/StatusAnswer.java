package org.qkdmacsec.controller.kme;

/**
 * What a KME's {@code GET {peer}/status} really returned, for callers that decide themselves what a
 * deviation means ({@code status: advisory}, {@code kme check}).
 */
public sealed interface StatusAnswer {
    /** A valid ETSI Status object. */
    record Valid(KmeStatus status) implements StatusAnswer { }

    /**
     * HTTP 200 with a body that is not a Status.
     *
     * @param what what it was instead, e.g. "a Key container with 1 key (quPSKd's simulator answers every path so)"
     */
    record NotAStatus(String what) implements StatusAnswer { }

    /** The KME answered with an error status or could not be reached. */
    record Failed(KmeException error) implements StatusAnswer { }

    /** One line for an operator. */
    default String describe() {
        if (this instanceof Valid v) {
            KmeStatus s = v.status();
            return "Status: stored_key_count " + s.storedKeyCount() + ", max_key_per_request " + s.maxKeyPerRequest()
                    + ", key_size " + s.keySize() + " (" + s.minKeySize() + ".." + s.maxKeySize() + "), master_SAE_ID "
                    + s.masterSaeId() + ", slave_SAE_ID " + s.slaveSaeId();
        }
        if (this instanceof NotAStatus n) {
            return "HTTP 200 but not a Status: " + n.what();
        }
        KmeException e = ((Failed) this).error();
        return e.httpStatus().isPresent()
                ? "HTTP " + e.httpStatus().getAsInt() + e.kmeMessage().map(m -> " (" + m + ")").orElse("")
                : e.kind() + ": " + e.getMessage();
    }
}
