package org.qkdmacsec.lab.iosxr;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** A key chain; only a chain marked {@code macsec} holds MACsec keys (by CKN). */
record KeyChain(String name, boolean macsec, SortedMap<String, MacsecKey> keys) {
    KeyChain {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a key chain needs a name");
        }
        keys = Collections.unmodifiableSortedMap(new TreeMap<>(keys));
    }

    static KeyChain named(String name, boolean macsec) {
        return new KeyChain(name, macsec, new TreeMap<>());
    }

    KeyChain withMacsec(boolean on) {
        return new KeyChain(name, on, on ? keys : new TreeMap<>());
    }

    KeyChain withKey(MacsecKey key) {
        TreeMap<String, MacsecKey> k = new TreeMap<>(keys);
        k.put(key.ckn(), key);
        return new KeyChain(name, true, k);
    }

    KeyChain withoutKey(String ckn) {
        TreeMap<String, MacsecKey> k = new TreeMap<>(keys);
        k.remove(ckn);
        return new KeyChain(name, macsec, k);
    }
}
