package org.qkdmacsec.controller.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL from the Debian package: {@code initdb} into a fresh directory with a random
 * superuser password, {@code pg_ctl start} listening on 127.0.0.1 and a free port only. PostgreSQL
 * refuses to run as root, so under root the server runs as the package's {@code postgres} user.
 */
final class PostgresServer implements AutoCloseable {
    static final String USER = "qkd";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String password;
    private final boolean asPostgres;

    private PostgresServer(Path bin, Path dir, int port, String password, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.asPostgres = asPostgres;
    }

    /** The newest installed server's binaries ({@code apt-get install postgresql}). */
    static Path binaries() {
        try (Stream<Path> s = Files.list(Path.of("/usr/lib/postgresql"))) {
            return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("pg_ctl")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql: apt-get install -y postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql: apt-get install -y postgresql", e);
        }
    }

    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("qkd-pg-");
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        if (root) {
            UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, pg);
            Files.setOwner(pwfile, pg);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, dir, port, password, root);
        server.run("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8",
                "--no-sync");
        server.run("pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-t", "60", "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start");
        return server;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String password() {
        return password;
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(tool + ".out").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(tool + " failed: " + Files.readString(dir.resolve(tool + ".out")));
        }
    }

    @Override
    public void close() {
        try {
            run("pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-m", "immediate", "stop");
        } catch (IOException | InterruptedException | IllegalStateException e) {
            // best effort: the directory goes anyway
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
