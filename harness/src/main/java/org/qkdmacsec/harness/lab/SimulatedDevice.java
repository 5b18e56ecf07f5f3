package org.qkdmacsec.harness.lab;

import java.util.Optional;
import org.qkdmacsec.lab.iosxr.IosXrSimulator;
import org.qkdmacsec.lab.junos.JunosSimulator;
import org.qkdmacsec.lab.mka.MkaPort;

/** What the lab needs from any router simulator, whatever its vendor. */
sealed interface SimulatedDevice extends AutoCloseable {
    int sshPort();

    Optional<Integer> gnmiPort();

    String knownHostsLine();

    void attach(String iface, MkaPort port, String peer);

    /** One line for {@code lab up}. */
    String describe(String name);

    @Override
    void close();

    static SimulatedDevice junos(JunosSimulator sim) {
        return new Junos(sim);
    }

    static SimulatedDevice iosxr(IosXrSimulator sim) {
        return new IosXr(sim);
    }

    record Junos(JunosSimulator sim) implements SimulatedDevice {
        @Override
        public int sshPort() {
            return sim.port();
        }

        @Override
        public Optional<Integer> gnmiPort() {
            return Optional.empty();
        }

        @Override
        public String knownHostsLine() {
            return sim.knownHostsLine();
        }

        @Override
        public void attach(String iface, MkaPort port, String peer) {
            sim.attach(iface, port);
        }

        @Override
        public String describe(String name) {
            return String.format("junos   %-8s ssh/netconf %s:%d  host key %s", name, sim.host(), sim.port(), sim.hostKeyFingerprint());
        }

        @Override
        public void close() {
            try {
                sim.close();
            } catch (java.io.IOException ignored) {
                // stopping the lab
            }
        }
    }

    record IosXr(IosXrSimulator sim) implements SimulatedDevice {
        @Override
        public int sshPort() {
            return sim.sshPort();
        }

        @Override
        public Optional<Integer> gnmiPort() {
            return Optional.of(sim.gnmiPort());
        }

        @Override
        public String knownHostsLine() {
            return sim.knownHostsLine();
        }

        @Override
        public void attach(String iface, MkaPort port, String peer) {
            sim.attach(iface, port, peer);
        }

        @Override
        public String describe(String name) {
            return String.format("iosxr   %-8s gNMI/TLS 127.0.0.1:%d  ssh cli 127.0.0.1:%d", name, sim.gnmiPort(), sim.sshPort());
        }

        @Override
        public void close() {
            sim.close();
        }
    }
}
