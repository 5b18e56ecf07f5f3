package org.qkdmacsec.driver.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.qkdmacsec.spi.DriverException;

/** {@code transport: local}: runs the programs on the controller's own host, without a shell. */
final class LocalRunner implements CommandRunner {
    private final String device;

    LocalRunner(String device) {
        this.device = device;
    }

    @Override
    public Output run(List<String> argv, byte[] stdin, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new DriverException(DriverException.Kind.CONNECT, device, "cannot run " + argv.get(0) + " locally: "
                    + e.getMessage(), e);
        }
        // Drain both pipes while writing stdin, so a chatty program cannot block on a full pipe.
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // The program exited before reading all input; its exit status tells why.
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new DriverException(DriverException.Kind.TIMEOUT, device, String.join(" ", argv)
                        + " did not finish within " + timeout);
            }
            return new Output(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DriverException(DriverException.Kind.SESSION_LOST, device, "interrupted while running " + argv.get(0), e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                s.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public void close() {
        // nothing held between commands
    }
}
