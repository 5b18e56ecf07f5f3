package org.qkdmacsec.controller.inventory;

import java.util.List;

/**
 * A {@code --link} reference matched no link, or (a bare interface name) more than one; the message lists
 * what it could have meant.
 */
public final class LinkLookupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reference;
    private final transient List<String> candidates;

    LinkLookupException(String reference, String message, List<String> candidates) {
        super(message);
        this.reference = reference;
        this.candidates = List.copyOf(candidates);
    }

    public String reference() {
        return reference;
    }

    /** For an ambiguous reference: the {@code device:interface (link id)} entries it matched. */
    public List<String> candidates() {
        return candidates;
    }
}
