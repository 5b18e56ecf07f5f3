package org.qkdmacsec.controller.kme;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Every printable form a key could leak in: hex in both cases, base64 with and without padding, URL-safe base64. */
public final class KeyLeaks {
    private final List<byte[]> keys = new ArrayList<>();

    public synchronized void remember(byte[] key) {
        keys.add(key.clone());
    }

    public synchronized int count() {
        return keys.size();
    }

    /** The forms of remembered keys found in {@code text} (empty when clean). */
    public synchronized List<String> findIn(String text) {
        List<String> found = new ArrayList<>();
        for (byte[] k : keys) {
            String hex = HexFormat.of().formatHex(k);
            for (String form : List.of(hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(k),
                    Base64.getEncoder().withoutPadding().encodeToString(k), Base64.getUrlEncoder().withoutPadding().encodeToString(k))) {
                // A 32-hex-digit prefix is enough to prove a leak and also catches truncated dumps.
                String probe = form.length() > 32 ? form.substring(0, 32) : form;
                if (text.contains(probe)) {
                    found.add(probe);
                }
            }
        }
        return found;
    }
}
