package org.qkdmacsec.driver.linux;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.sshd.client.session.ClientSession;
import org.qkdmacsec.driver.ssh.SshConnector;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MacsecDriverFactory;

/**
 * The {@code linux} vendor. Device options (inventory {@code options}):
 * <ul>
 *   <li>{@code transport}: {@code ssh} (default; MINA SSHD with the pinned host key) or {@code local}
 *       (run iproute2 on the controller's own host);</li>
 *   <li>{@code netns}: run every {@code ip} command in this network namespace ({@code ip -n NETNS});</li>
 *   <li>{@code ip}: the iproute2 binary (default {@code ip} from the device's PATH).</li>
 * </ul>
 * The login needs CAP_NET_ADMIN on the device (root, in practice).
 */
public final class LinuxDriverFactory implements MacsecDriverFactory {
    private static final Set<String> OPTIONS = Set.of("transport", "netns", "ip");
    private static final Pattern NETNS = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern IP_BINARY = Pattern.compile("[A-Za-z0-9_./-]{1,255}");

    private final Object lock = new Object();
    private SshConnector connector;
    private int users;

    @Override
    public String vendor() {
        return "linux";
    }

    @Override
    public MacsecDriver open(DeviceTarget target, DriverContext context) {
        for (String k : target.options().keySet()) {
            if (!OPTIONS.contains(k)) {
                throw invalid(target, "unknown option '" + k + "' for a linux device (known: transport, netns, ip)");
            }
        }
        Optional<String> netns = Optional.ofNullable(target.options().get("netns"));
        if (netns.isPresent() && !NETNS.matcher(netns.get()).matches()) {
            throw invalid(target, "netns '" + netns.get() + "' is not a network namespace name");
        }
        String ipBinary = target.options().getOrDefault("ip", "ip");
        if (!IP_BINARY.matcher(ipBinary).matches()) {
            throw invalid(target, "option ip '" + ipBinary + "' is not a plain path to iproute2's ip");
        }
        String transport = target.options().getOrDefault("transport", "ssh");
        CommandRunner runner = switch (transport) {
            case "local" -> new LocalRunner(target.name());
            case "ssh" -> sshRunner(target, context.connectTimeout());
            default -> throw invalid(target, "transport must be ssh or local, got '" + transport + "'");
        };
        return new LinuxMacsecDriver(target.name(), context, new IpTool(target.name(), runner, ipBinary, netns,
                context.rpcTimeout()));
    }

    /** One MINA client for every SSH-connected linux device of this factory, stopped with the last. */
    private CommandRunner sshRunner(DeviceTarget target, Duration timeout) {
        SshConnector c;
        synchronized (lock) {
            if (connector == null) {
                connector = SshConnector.start();
            }
            users++;
            c = connector;
        }
        try {
            ClientSession session = c.connect(target, timeout);
            return new SshRunner(target.name(), session, "ssh " + target.username() + "@" + target.host() + ":" + target.port(),
                    this::release);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    private void release() {
        synchronized (lock) {
            if (--users == 0) {
                connector.close();
                connector = null;
            }
        }
    }

    private static DriverException invalid(DeviceTarget t, String message) {
        return new DriverException(DriverException.Kind.INVALID_REQUEST, t.name(), message);
    }
}
