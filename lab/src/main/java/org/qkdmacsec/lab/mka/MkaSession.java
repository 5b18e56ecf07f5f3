package org.qkdmacsec.lab.mka;

/**
 * One MKA session (CA) as a side would list it.
 *
 * @param ckn       the CA's key name (lower-case hex)
 * @param type      primary (the active key) or preceding (the key being left)
 * @param secured   a SAK is in use on this CA with the peer (Junos "Secured"); otherwise in progress
 * @param livePeers 1 when the peer's MKPDUs on this CA are being accepted (same CKN and CAK), else 0
 */
public record MkaSession(String ckn, CakType type, boolean secured, int livePeers) {
    /** True while the CA is not (yet, or any more) secured: Junos shows it "in progress". */
    public boolean inProgress() {
        return !secured;
    }
}
