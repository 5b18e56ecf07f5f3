package org.qkdmacsec.driver.linux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Plays back what a real device printed (the kernel-lab captures in src/test/resources/ip-json) and
 * records every program the driver ran, with its argument vector and standard input. It stands in
 * for the device only in unit tests of the commands the driver generates; the kernel-lab tests run
 * the same driver against a real kernel.
 */
final class ScriptedDevice implements CommandRunner {
    record Call(List<String> argv, byte[] stdin) {
        String stdinText() {
            return new String(stdin, StandardCharsets.UTF_8);
        }
    }

    private final Deque<Output> replies = new ArrayDeque<>();
    final List<Call> calls = new ArrayList<>();

    /** The next program prints the captured fixture {@code name} and exits 0. */
    ScriptedDevice prints(String name) {
        replies.add(new Output(0, IpStateTest.fixture(name), ""));
        return this;
    }

    ScriptedDevice printsRaw(String stdout) {
        replies.add(new Output(0, stdout, ""));
        return this;
    }

    ScriptedDevice fails(int exit, String stderr) {
        replies.add(new Output(exit, "", stderr));
        return this;
    }

    @Override
    public Output run(List<String> argv, byte[] stdin, Duration timeout) {
        // Copy: the driver wipes its stdin array as soon as the program has it.
        calls.add(new Call(List.copyOf(argv), stdin.clone()));
        if (replies.isEmpty()) {
            throw new AssertionError("the driver ran an unexpected program: " + argv + " <<< " + new String(stdin, StandardCharsets.UTF_8));
        }
        return replies.poll();
    }

    boolean exhausted() {
        return replies.isEmpty();
    }

    Call last() {
        return calls.get(calls.size() - 1);
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public void close() {
        // nothing held
    }
}
