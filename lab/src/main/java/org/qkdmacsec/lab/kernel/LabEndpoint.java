package org.qkdmacsec.lab.kernel;

import java.nio.file.Path;

/**
 * One "device" of the lab: a network namespace inside the VM, reached over SSH on a loopback port.
 * Both devices share the VM's SSH server; a driver tells them apart by the namespace
 * ({@code ip -n NETNS}).
 *
 * @param name               {@code linux-a} or {@code linux-b}
 * @param host               always {@code 127.0.0.1}
 * @param port               the forwarded SSH port
 * @param username           {@code root}
 * @param privateKey         OpenSSH private key file for the login
 * @param hostKeyFingerprint the pinned host key, {@code SHA256:…}
 * @param netns              the namespace holding this end ({@code a} or {@code b})
 * @param parentInterface    the veth end MACsec runs on ({@code va} or {@code vb})
 * @param macsecInterface    the MACsec device name ({@code macsec0})
 * @param mac                the veth end's (and so the MACsec device's) MAC address
 * @param address            this end's IPv4 address on the MACsec device, CIDR
 * @param peerAddress        the other end's IPv4 address (ping target)
 */
public record LabEndpoint(String name, String host, int port, String username, Path privateKey, String hostKeyFingerprint,
                          String netns, String parentInterface, String macsecInterface, String mac, String address,
                          String peerAddress) { }
