package org.qkdmacsec.lab.iosxr;

import java.util.Optional;

/** One key of a MACsec key chain, named by its CKN. Key-string and lifetime are optional, as on the router. */
record MacsecKey(String ckn, Optional<KeyString> keyString, Optional<Lifetime> lifetime) {
    MacsecKey {
        if (ckn == null || ckn.isEmpty()) {
            throw new IllegalArgumentException("a MACsec key needs a CKN");
        }
        keyString = keyString == null ? Optional.empty() : keyString;
        lifetime = lifetime == null ? Optional.empty() : lifetime;
    }

    static MacsecKey named(String ckn) {
        return new MacsecKey(ckn, Optional.empty(), Optional.empty());
    }

    MacsecKey withKeyString(KeyString ks) {
        return new MacsecKey(ckn, Optional.ofNullable(ks), lifetime);
    }

    MacsecKey withLifetime(Lifetime lt) {
        return new MacsecKey(ckn, keyString, Optional.ofNullable(lt));
    }
}
