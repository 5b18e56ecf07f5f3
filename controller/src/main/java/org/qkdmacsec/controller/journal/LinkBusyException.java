package org.qkdmacsec.controller.journal;

/** Another transaction is preparing the link (the database's one-per-link rule refused a second). */
public final class LinkBusyException extends JournalException {
    private static final long serialVersionUID = 1L;
    private final String holderTxnId;
    private final String holderOwner;

    LinkBusyException(String linkId, String holderTxnId, String holderOwner) {
        super("transaction " + holderTxnId + " (owner " + holderOwner + ") is preparing link " + linkId, null);
        this.holderTxnId = holderTxnId;
        this.holderOwner = holderOwner;
    }

    public String holderTxnId() {
        return holderTxnId;
    }

    public String holderOwner() {
        return holderOwner;
    }
}
