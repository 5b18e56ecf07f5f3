package org.qkdmacsec.controller.inventory;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository from a test's working directory (the module directory under Maven). */
public final class RepoFiles {
    private RepoFiles() {
    }

    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("inventory/schema.json"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root (with inventory/schema.json) not found above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }

    public static Path of(String relative) {
        return root().resolve(relative);
    }
}
