package org.qkdmacsec.harness.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qkdmacsec.controller.inventory.Device;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.LinkSide;
import org.qkdmacsec.controller.inventory.RepoFiles;
import org.qkdmacsec.controller.inventory.Vendor;
import org.yaml.snakeyaml.Yaml;

/**
 * The vendor-VM labs cannot run here (no container engine), so their files are held to each other:
 * each containerlab topology parses and names bootstrap files that exist, its inventory loads, and
 * nodes, addresses, cabled interfaces and the names in each bootstrap configuration are the ones the
 * inventory derives (connectivity association, key chain, interface, cipher, macsec policy), with
 * NETCONF/gNMI and LLDP on.
 */
class VendorVmLabFilesTest {
    private static final Pattern JUNOS_PORT = Pattern.compile("eth([1-9][0-9]*)");
    private static final Pattern XRD_PORT = Pattern.compile("Gi0-0-0-([0-9]+)");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"vjunos-pair.clab.yml, vendor-vm-junos.yaml", "xrd-pair.clab.yml, vendor-vm-xrd.yaml",
        "mixed-pair.clab.yml, vendor-vm-mixed.yaml"})
    @SuppressWarnings("unchecked")
    void topologyInventoryAndBootstrapConfigurationsAgree(String topologyFile, String inventoryFile) throws IOException {
        Path topologyPath = RepoFiles.of("lab/topologies/" + topologyFile);
        Map<String, Object> topo = new Yaml().load(Files.readString(topologyPath, StandardCharsets.UTF_8));
        Inventory inv = InventoryLoader.load(RepoFiles.of("inventory/examples/" + inventoryFile));
        Map<String, Object> topology = (Map<String, Object>) topo.get("topology");
        Map<String, Object> kinds = (Map<String, Object>) topology.getOrDefault("kinds", Map.of());
        Map<String, Map<String, Object>> nodes = (Map<String, Map<String, Object>>) topology.get("nodes");
        String subnet = (String) ((Map<String, Object>) topo.get("mgmt")).get("ipv4-subnet");

        assertEquals(new TreeSet<>(nodes.keySet()), new TreeSet<>(inv.devices().stream().map(Device::name).toList()), "nodes = devices");
        for (Map.Entry<String, Map<String, Object>> n : nodes.entrySet()) {
            Device d = inv.device(n.getKey()).orElseThrow();
            String kind = (String) n.getValue().get("kind");
            assertEquals(d.vendor() == Vendor.JUNOS ? "juniper_vjunosrouter" : "cisco_xrd", kind, n.getKey() + " kind");
            Object image = n.getValue().getOrDefault("image", ((Map<String, Object>) kinds.getOrDefault(kind, Map.of())).get("image"));
            assertTrue(image instanceof String s && !s.isBlank(), n.getKey() + " has an image");
            assertEquals(n.getValue().get("mgmt-ipv4"), d.host(), n.getKey() + " management address");
            assertTrue(d.host().startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1)), d.host() + " in " + subnet);
            Path config = topologyPath.getParent().resolve((String) n.getValue().get("startup-config"));
            assertTrue(Files.isRegularFile(config), config + " exists");
        }

        List<Map<String, Object>> links = (List<Map<String, Object>>) topology.get("links");
        assertEquals(inv.links().size(), links.size(), "one cable per inventory link");
        for (int i = 0; i < links.size(); i++) {
            Link link = inv.links().get(i);
            Set<String> cabled = new HashSet<>();
            for (String endpoint : (List<String>) links.get(i).get("endpoints")) {
                String node = endpoint.substring(0, endpoint.indexOf(':'));
                cabled.add(node + ":" + vendorInterface((String) nodes.get(node).get("kind"), endpoint.substring(endpoint.indexOf(':') + 1)));
            }
            assertEquals(Set.of(link.a().address(), link.b().address()), cabled, "the cable joins the link's two interfaces");
            for (LinkSide side : List.of(link.a(), link.b())) {
                Device d = inv.device(side.device()).orElseThrow();
                Path config = topologyPath.getParent().resolve((String) nodes.get(d.name()).get("startup-config"));
                String text = Files.readString(config, StandardCharsets.UTF_8);
                if (d.vendor() == Vendor.JUNOS) {
                    checkJunos(text, link, side, config);
                } else {
                    checkXr(text, link, side, d, config);
                }
            }
        }
    }

    private static String vendorInterface(String kind, String containerPort) {
        Matcher m = (kind.equals("juniper_vjunosrouter") ? JUNOS_PORT : XRD_PORT).matcher(containerPort);
        assertTrue(m.matches(), containerPort + " is a data port of " + kind);
        int n = Integer.parseInt(m.group(1));
        return kind.equals("juniper_vjunosrouter") ? "ge-0/0/" + (n - 1) : "GigabitEthernet0/0/0/" + n;
    }

    /** Junos curly-brace configuration: balanced, and the CA, key chain and binding the driver expects to find or create. */
    private static void checkJunos(String text, Link link, LinkSide side, Path file) {
        String body = text.lines().filter(l -> !l.stripLeading().startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        int depth = 0;
        for (char c : body.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            assertTrue(depth >= 0, file + ": a '}' without its '{'");
        }
        assertEquals(0, depth, file + ": braces balance");
        for (String line : body.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            assertTrue(line.endsWith("{") || line.endsWith(";") || line.equals("}"), file + ": statement without ';': " + line);
        }
        String flat = body.replaceAll("\\s+", " ");
        String ca = link.connectivityAssociation();
        String kc = link.keyChain();
        String iface = side.interfaceName();
        contains(file, flat, "netconf { ssh {");
        contains(file, flat, "lldp { interface " + iface + "; }");
        contains(file, flat, "key-chain " + kc + " {");
        contains(file, flat, "connectivity-association " + ca + " { cipher-suite " + link.cipher().wireName() + "; security-mode static-cak;"
                + " pre-shared-key-chain " + kc + "; }");
        contains(file, flat, "interfaces { " + iface + " { connectivity-association " + ca + "; } }");
        contains(file, flat, "interfaces { " + iface + " {");
    }

    /** IOS-XR CLI configuration: the key chain, the interface bound to it with the inventory's policy, gNMI, NETCONF, LLDP. */
    private static void checkXr(String text, Link link, LinkSide side, Device d, Path file) {
        List<String> lines = text.lines().filter(l -> !l.startsWith("!!")).toList();
        assertEquals("hostname " + d.name(), lines.get(0), file + ": first line");
        assertEquals("end", lines.get(lines.size() - 1), file + ": last line");
        String policy = d.options().get("macsec-policy");
        String kc = link.keyChain();
        block(file, lines, "key chain " + kc, " macsec");
        block(file, lines, "macsec-policy " + policy, " cipher-suite " + link.cipher().wireName().toUpperCase(Locale.ROOT));
        block(file, lines, "interface " + side.interfaceName(), " macsec psk-keychain " + kc + " policy " + policy);
        block(file, lines, "interface " + side.interfaceName(), " no shutdown");
        block(file, lines, "grpc", " port " + d.options().get("gnmi-port"));
        block(file, lines, "netconf-yang agent", " ssh");
        assertTrue(lines.contains("lldp"), file + ": lldp");
    }

    /** {@code child} appears in the block that {@code header} opens (up to the next line starting with '!'). */
    private static void block(Path file, List<String> lines, String header, String child) {
        int at = lines.indexOf(header);
        assertTrue(at >= 0, file + ": no '" + header + "'");
        for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("!"); i++) {
            if (lines.get(i).equals(child)) {
                return;
            }
        }
        throw new AssertionError(file + ": '" + header + "' lacks '" + child.strip() + "'");
    }

    private static void contains(Path file, String flat, String wanted) {
        assertTrue(flat.contains(wanted), file + " lacks: " + wanted);
    }
}
