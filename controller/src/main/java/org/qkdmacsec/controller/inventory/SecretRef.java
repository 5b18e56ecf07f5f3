package org.qkdmacsec.controller.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.Secret;

/**
 * Where a secret lives: an environment variable ({@code env:NAME}) or a file ({@code file:PATH}). The
 * inventory never holds the secret itself; {@link #resolve()} reads it when it is needed, into a
 * {@link Secret}. {@link #toString()} shows the reference, which is not secret.
 */
public sealed interface SecretRef {
    Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Reads the secret now. Throws {@link SecretUnavailableException} naming the reference, never the value. */
    default Secret resolve() {
        return resolve(System::getenv);
    }

    /** As {@link #resolve()}, with the environment given (tests). */
    Secret resolve(UnaryOperator<String> environment);

    /** The reference as written in the inventory. */
    String reference();

    /** Parses {@code env:NAME} or {@code file:PATH}; anything else is empty (the caller reports it). */
    static Optional<SecretRef> parse(String text) {
        if (text.startsWith("env:") && ENV_NAME.matcher(text.substring(4)).matches()) {
            return Optional.of(new Env(text.substring(4)));
        }
        if (text.startsWith("file:") && text.length() > 5) {
            return Optional.of(new FileRef(Path.of(text.substring(5))));
        }
        return Optional.empty();
    }

    /** {@code env:NAME}: the variable's value, as UTF-8. */
    record Env(String name) implements SecretRef {
        @Override
        public Secret resolve(UnaryOperator<String> environment) {
            String value = environment.apply(name);
            if (value == null || value.isEmpty()) {
                throw new SecretUnavailableException(reference() + ": environment variable " + name + " is not set");
            }
            return Secret.adopt(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String reference() {
            return "env:" + name;
        }

        @Override
        public String toString() {
            return reference();
        }
    }

    /** {@code file:PATH}: the file's bytes without one trailing line end ({@code \n} or {@code \r\n}). */
    record FileRef(Path path) implements SecretRef {
        @Override
        public Secret resolve(UnaryOperator<String> environment) {
            byte[] all;
            try {
                all = Files.readAllBytes(path);
            } catch (IOException e) {
                throw new SecretUnavailableException(reference() + ": cannot read the file ("
                        + e.getClass().getSimpleName() + ")");
            }
            int end = all.length;
            if (end > 0 && all[end - 1] == '\n') {
                end--;
                if (end > 0 && all[end - 1] == '\r') {
                    end--;
                }
            }
            if (end == 0) {
                throw new SecretUnavailableException(reference() + ": the file is empty");
            }
            byte[] trimmed = Arrays.copyOf(all, end);
            Arrays.fill(all, (byte) 0);
            return Secret.adopt(trimmed);
        }

        @Override
        public String reference() {
            return "file:" + path;
        }

        @Override
        public String toString() {
            return reference();
        }
    }
}
