package org.qkdmacsec.driver.junos;

import org.apache.sshd.client.session.ClientSession;
import org.qkdmacsec.driver.ssh.SshConnector;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MacsecDriverFactory;

/**
 * Opens {@link JunosDriver}s: SSH through {@link SshConnector} (host-key pin, post-quantum hybrid key
 * exchange, keepalive), then the NETCONF subsystem. Found by {@link java.util.ServiceLoader} under
 * vendor {@code junos}.
 *
 * <p>Inventory option {@code netconf-base}: {@code 1.1} (default: offer chunked framing, used when the
 * device offers it too) or {@code 1.0} (offer only end-of-message framing).
 */
public final class JunosDriverFactory implements MacsecDriverFactory {
    private final SshConnector connector;

    /** For {@link java.util.ServiceLoader}: shares one process-wide connector, started on first use. */
    public JunosDriverFactory() {
        this(null);
    }

    /** Uses {@code connector} (which the caller starts and closes). */
    public JunosDriverFactory(SshConnector connector) {
        this.connector = connector;
    }

    @Override
    public String vendor() {
        return "junos";
    }

    @Override
    public MacsecDriver open(DeviceTarget target, DriverContext context) {
        boolean offer11 = switch (target.options().getOrDefault("netconf-base", "1.1")) {
            case "1.1" -> true;
            case "1.0" -> false;
            default -> throw new DriverException(DriverException.Kind.INVALID_REQUEST, target.name(),
                    "option netconf-base must be 1.0 or 1.1, not '" + target.options().get("netconf-base") + "'");
        };
        SshConnector c = connector != null ? connector : SharedConnector.INSTANCE;
        ClientSession ssh = c.connect(target, context.connectTimeout());
        try {
            NetconfSession netconf = NetconfSession.open(ssh, target.name(), context.connectTimeout(), offer11);
            return new JunosDriver(target, context, ssh, netconf);
        } catch (RuntimeException e) {
            ssh.close(true);
            throw e;
        }
    }

    /** Started on first use; its threads are daemons, so it needs no shutdown hook. */
    private static final class SharedConnector {
        static final SshConnector INSTANCE = SshConnector.start();
    }
}
