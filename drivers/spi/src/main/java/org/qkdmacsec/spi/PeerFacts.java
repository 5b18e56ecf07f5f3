package org.qkdmacsec.spi;

/**
 * What a driver tells the driver at the other end of a link about its own end (Linux: its SCI, the
 * association number its next key goes to, and its key record), read with {@link MacsecDriver#readKeys}
 * and handed to the other end in {@link Port#peer()}. The engine carries it across unread: only the
 * driver family that made it reads it (a driver ignores a peer's facts of another type). No secrets.
 */
public interface PeerFacts {
}
