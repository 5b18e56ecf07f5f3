package org.qkdmacsec.lab.kernel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which host tools the lab needs, and which Debian package provides each. */
final class Prerequisites {
    /** Needed to boot a built image. */
    static final Map<String, String> RUN = Map.of("qemu-system-x86_64", "qemu-system-x86");

    /** Needed to build the image (commands on $PATH, or absolute paths copied into the guest). */
    static final Map<String, String> BUILD = buildTools();

    private Prerequisites() { }

    private static Map<String, String> buildTools() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bash", "bash");
        m.put("apt-get", "apt");
        m.put("apt-cache", "apt");
        m.put("dpkg-deb", "dpkg");
        m.put("cpio", "cpio");
        m.put("zstd", "zstd");
        m.put("depmod", "kmod");
        m.put("ldd", "libc-bin");
        m.put("dropbearkey", "dropbear-bin");
        m.put("/bin/busybox", "busybox-static");
        m.put("/bin/dash", "dash");
        m.put("/sbin/ip", "iproute2");
        m.put("/usr/bin/tcpdump", "tcpdump");
        m.put("/usr/bin/iperf3", "iperf3");
        m.put("/usr/bin/ping", "iputils-ping");
        m.put("/usr/sbin/dropbear", "dropbear-bin");
        m.put("/bin/kmod", "kmod");
        return m;
    }

    /** "tool (package)" for every entry of {@code tools} not found on this host, in order. */
    static List<String> missing(Map<String, String> tools) {
        List<String> out = new ArrayList<>();
        tools.forEach((tool, pkg) -> {
            if (!present(tool)) {
                out.add(tool + " (" + pkg + ")");
            }
        });
        return out;
    }

    static boolean present(String tool) {
        if (tool.startsWith("/")) {
            return Files.isExecutable(Path.of(tool));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static String installHint(List<String> missing) {
        return "missing on this host: " + String.join(", ", missing)
                + " — install with: apt-get install -y --no-install-recommends " + String.join(" ",
                missing.stream().map(m -> m.substring(m.indexOf('(') + 1, m.length() - 1)).distinct().toList());
    }
}
