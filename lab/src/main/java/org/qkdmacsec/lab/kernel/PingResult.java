package org.qkdmacsec.lab.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary of one {@code ping} run in the guest.
 *
 * @param transmitted echo requests sent
 * @param received    echo replies received
 * @param output      ping's own output (for reports)
 */
public record PingResult(long transmitted, long received, String output) {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");

    public long lost() {
        return transmitted - received;
    }

    static PingResult parse(String output) {
        Matcher m = SUMMARY.matcher(output);
        if (!m.find()) {
            throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED,
                    "ping printed no summary: " + output.trim());
        }
        return new PingResult(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), output);
    }
}
