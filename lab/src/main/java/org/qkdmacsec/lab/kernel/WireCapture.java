package org.qkdmacsec.lab.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ethernet frames captured on a lab veth, parsed from tcpdump's pcap file here (not from tcpdump's
 * own printing), so a check on them depends only on the bytes that crossed the wire.
 */
public record WireCapture(List<byte[]> frames) {
    public WireCapture {
        frames = List.copyOf(frames);
    }

    /** Frame count per EtherType (bytes 12–13 of each frame). */
    public Map<Integer, Long> etherTypes() {
        Map<Integer, Long> m = new TreeMap<>();
        for (byte[] f : frames) {
            if (f.length >= 14) {
                m.merge(((f[12] & 0xff) << 8) | (f[13] & 0xff), 1L, Long::sum);
            }
        }
        return m;
    }

    /** How many frames contain {@code pattern} anywhere. */
    public long framesContaining(byte[] pattern) {
        return frames.stream().filter(f -> indexOf(f, pattern) >= 0).count();
    }

    static WireCapture parsePcap(byte[] pcap) {
        if (pcap.length < 24) {
            throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED,
                    "capture file too short (" + pcap.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED,
                    "not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        List<byte[]> frames = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= pcap.length) {
            int incl = b.getInt(pos + 8);
            if (incl < 0 || pos + 16 + incl > pcap.length) {
                break; // a record cut short by the end of the capture
            }
            byte[] f = new byte[incl];
            System.arraycopy(pcap, pos + 16, f, 0, incl);
            frames.add(f);
            pos += 16 + incl;
        }
        return new WireCapture(frames);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
