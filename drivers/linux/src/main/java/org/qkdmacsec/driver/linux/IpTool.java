package org.qkdmacsec.driver.linux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.DriverException;

/**
 * iproute2 on one device, in one network namespace. Every call is {@code ip [-n NS] -j -d -s -batch -}
 * with the commands on stdin, changes and reads alike, so the argument vector is one fixed form that
 * never carries key material (it would show in {@code ps} and {@code /proc/PID/cmdline}).
 */
final class IpTool {
    private static final Pattern FAILED_LINE = Pattern.compile("Command failed -:(\\d+)");
    /** Long hex runs in device output are scrubbed before they reach a message (keys are 32/64 hex). */
    private static final Pattern LONG_HEX = Pattern.compile("(?i)[0-9a-f]{24,}");

    private final String device;
    private final CommandRunner runner;
    private final String ip;
    private final Optional<String> netns;
    private final Duration timeout;

    IpTool(String device, CommandRunner runner, String ip, Optional<String> netns, Duration timeout) {
        this.device = device;
        this.runner = runner;
        this.ip = ip;
        this.netns = netns;
        this.timeout = timeout;
    }

    /** {@code ip [-n NS] ARGS…}. */
    List<String> argv(String... args) {
        List<String> a = new ArrayList<>();
        a.add(ip);
        netns.ifPresent(n -> {
            a.add("-n");
            a.add(n);
        });
        a.addAll(Arrays.asList(args));
        return a;
    }

    /** The fixed argument vector of every call: JSON output, details and statistics, commands on stdin. */
    List<String> batchArgv(boolean force) {
        return force ? argv("-j", "-d", "-s", "-force", "-batch", "-") : argv("-j", "-d", "-s", "-batch", "-");
    }

    /** Links and MACsec devices of the namespace, in one {@code ip} run. */
    IpState read() {
        return applyAndRead(new Batch());
    }

    /**
     * Applies {@code batch} and reads the resulting state in the same {@code ip} run (the change
     * commands print nothing; the two trailing {@code show} commands print one JSON array each).
     * iproute2 stops at the first failing line; the error names that line with placeholders for
     * secrets.
     */
    IpState applyAndRead(Batch batch) {
        Batch all = new Batch().addAll(batch).add("link", "show").add("macsec", "show");
        CommandRunner.Output o = run(all, false);
        try {
            return IpState.parse(o.stdout());
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverException.Kind.PROTOCOL, device, "cannot read iproute2's JSON: " + e.getMessage(), e);
        }
    }

    /** Runs {@code batch}; with {@code force} iproute2 carries on past failing lines (used to clean up). */
    void apply(Batch batch, boolean force) {
        if (!batch.isEmpty()) {
            run(batch, force);
        }
    }

    private CommandRunner.Output run(Batch batch, boolean force) {
        byte[] stdin = batch.stdin();
        CommandRunner.Output o;
        try {
            o = runner.run(batchArgv(force), stdin, timeout);
        } finally {
            Arrays.fill(stdin, (byte) 0);
        }
        if (o.exitCode() != 0) {
            throw new DriverException(DriverException.Kind.DEVICE_ERROR, device, describeFailure(batch, o.stderr()));
        }
        return o;
    }

    String describeFailure(Batch batch, String stderr) {
        StringBuilder b = new StringBuilder("ip -batch failed");
        Matcher m = FAILED_LINE.matcher(stderr);
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= batch.size()) {
                b.append(" at line ").append(n).append(" '").append(batch.redactedLine(n)).append('\'');
            }
        }
        String text = scrub(stderr.replaceAll("Command failed -:\\d+", "")).trim().replaceAll("\\s*\\n\\s*", "; ");
        return b.append(": ").append(text.isEmpty() ? "(no message)" : text).toString();
    }

    static String scrub(String deviceText) {
        return LONG_HEX.matcher(deviceText).replaceAll("<hex>").trim();
    }

    CommandRunner runner() {
        return runner;
    }

    Optional<String> netns() {
        return netns;
    }
}
