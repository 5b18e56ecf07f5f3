package org.qkdmacsec.driver.junos;

import java.time.Duration;
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
        Duration lockWait = lockWait(target);
        SshConnector c = connector != null ? connector : SharedConnector.INSTANCE;
        ClientSession ssh = c.connect(target, context.connectTimeout());
        try {
            NetconfSession netconf = NetconfSession.open(ssh, target.name(), context.connectTimeout(), offer11);
            return new JunosDriver(target, context, ssh, netconf, lockWait);
        } catch (RuntimeException e) {
            ssh.close(true);
            throw e;
        }
    }

    /** How long to wait for the configuration lock while another session holds it (option {@code lock-wait}, seconds). */
    static Duration lockWait(DeviceTarget target) {
        String v = target.options().getOrDefault("lock-wait", String.valueOf(DEFAULT_LOCK_WAIT.toSeconds()));
        try {
            int seconds = Integer.parseInt(v.trim());
            if (seconds >= 0 && seconds <= MAX_LOCK_WAIT_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new DriverException(DriverException.Kind.INVALID_REQUEST, target.name(), "option lock-wait must be a whole number of"
                + " seconds from 0 to " + MAX_LOCK_WAIT_SECONDS + ", not '" + v + "'");
    }

    /** A commit on a busy router takes seconds (Juniper measured about 4.4 s on MX/ACX); two of them, with room. */
    static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);
    static final int MAX_LOCK_WAIT_SECONDS = 300;

    /** Started on first use; its threads are daemons, so it needs no shutdown hook. */
    private static final class SharedConnector {
        static final SshConnector INSTANCE = SshConnector.start();
    }
}
