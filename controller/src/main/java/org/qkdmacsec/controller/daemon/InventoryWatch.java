package org.qkdmacsec.controller.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Notices when the inventory file's content changes, by polling its SHA-256. Polling the content (not
 * a WatchService on the directory) also catches editors that replace the file, symlink swaps
 * (configuration management, Kubernetes ConfigMaps) and network file systems that raise no events.
 */
final class InventoryWatch {
    private final Path file;
    private byte[] last;

    InventoryWatch(Path file) {
        this.file = file;
        this.last = digest();
    }

    /** True once per change; a file that cannot be read counts as unchanged (the next read decides). */
    synchronized boolean changed() {
        byte[] now = digest();
        if (now.length == 0 || Arrays.equals(now, last)) {
            return false;
        }
        last = now;
        return true;
    }

    /** Marks the current content as seen (after a reload for another reason, e.g. SIGHUP). */
    synchronized void seen() {
        byte[] now = digest();
        if (now.length > 0) {
            last = now;
        }
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return new byte[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
