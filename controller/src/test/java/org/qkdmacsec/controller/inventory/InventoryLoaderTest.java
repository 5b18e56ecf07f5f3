package org.qkdmacsec.controller.inventory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.keys.DerivationMethod;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.LinuxPortOptions;
import org.qkdmacsec.spi.PortOptions;
import org.qkdmacsec.spi.Secret;

class InventoryLoaderTest {
    private static final String DEVICES = """
            devices:
              - {name: r1, vendor: junos, host: 192.0.2.1, username: ops, password: env:PW, known-hosts: kh}
              - {name: r2, vendor: junos, host: 192.0.2.2, username: ops, password: env:PW, known-hosts: kh}
              - {name: r3, vendor: iosxr, host: 192.0.2.3, username: ops, private-key: id, host-key: SHA256:n7uZWSTDSKJVcsYYyTvL6DoAuGmz3Sj3CuKcJBPg3Q8}
            kmes:
              - {id: kme-a, url: https://kme-a, sae-id: sae-a, client-cert: a.crt, client-key: a.key}
              - {id: kme-b, url: https://kme-b, sae-id: sae-b, pkcs12: b.p12, pkcs12-password: env:P12}
              - {id: kme-c, url: https://kme-c, sae-id: sae-c, client-cert: c.crt, client-key: c.key}
              - {id: sim, url: 'http://127.0.0.1:8000', insecure: true}
            """;

    private static Inventory parse(String yaml) {
        return InventoryLoader.parse("t.yaml", yaml);
    }

    private static List<String> errors(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).errors().stream()
                .map(ConfigError::toString).toList();
    }

    private static final Inventory TWO_LINKS = parse(DEVICES + """
            links:
              - id: r1-r2
                a: {device: r1, interface: ge-0/0/1, kme: kme-a}
                b: {device: r2, interface: ge-0/0/1, kme: kme-b}
              - id: r1-r3
                a: {device: r1, interface: ge-0/0/2, kme: kme-a}
                b: {device: r3, interface: ge-0/0/2, kme: kme-c}
              - id: r2-r3
                a: {device: r2, interface: xe-0/0/0:1, kme: kme-b}
                b: {device: r3, interface: Hu0/0/0/1, kme: kme-c}
            """);

    @Test
    void defaultsAreFilledIn() {
        Link l = TWO_LINKS.link("r1-r2").orElseThrow();
        assertEquals(Side.A, l.encSide());
        assertEquals(CipherSuite.GCM_AES_XPN_256, l.cipher());
        assertEquals(256, l.keySizeBits());
        assertEquals("QKD_CA_r1-r2", l.connectivityAssociation());
        assertEquals("QKD_KC_r1-r2", l.keyChain());
        assertEquals(new Schedule(Duration.ofHours(1), Duration.ZERO), l.schedule());
        assertEquals(2, l.keyringSlots());
        assertEquals(Duration.ofSeconds(60), l.lead());
        assertEquals(Duration.ofSeconds(60), l.overlap());
        assertEquals(DerivationMethod.DIRECT, l.keyDerivation().method());
        assertEquals("sae-a", l.enc().saeId());
        assertEquals("sae-b", l.dec().saeId());
        assertEquals(830, TWO_LINKS.device("r1").orElseThrow().port());
        assertEquals(22, TWO_LINKS.device("r3").orElseThrow().port());
        Kme a = TWO_LINKS.kme("kme-a").orElseThrow();
        assertEquals("https://kme-a/api/v1/keys/", a.apiRoot().toString());
        assertEquals(Duration.ofSeconds(5), a.connectTimeout());
        assertEquals(Duration.ofSeconds(10), a.readTimeout());
        assertEquals(KmeMethod.POST, a.method());
        assertFalse(a.insecure());
        assertEquals("ge-0/0/1", l.port(Side.B).interfaceName());
        assertEquals("QKD_KC_r1-r2", l.port(Side.B).keyChain());
    }

    @Test
    void linksAreFoundByIdByDeviceInterfaceAndByUnambiguousInterface() {
        assertEquals("r1-r3", TWO_LINKS.resolveLink("r1-r3").id());
        assertEquals("r1-r3", TWO_LINKS.resolveLink("r3:ge-0/0/2").id());
        assertEquals("r2-r3", TWO_LINKS.resolveLink("r2:xe-0/0/0:1").id(), "interface names may contain ':'");
        assertEquals("r2-r3", TWO_LINKS.resolveLink("xe-0/0/0:1").id());
        assertEquals("r2-r3", TWO_LINKS.resolveLink("Hu0/0/0/1").id());
        assertEquals("r1-r3", TWO_LINKS.resolveLink("ge-0/0/2").id(), "both ends of one link are one match");
    }

    @Test
    void aLinuxSideTakesTypedPortOptionsAndOtherVendorsNone() {
        String linux = """
              - {name: h1, vendor: linux, host: 192.0.2.11, username: root, private-key: id, known-hosts: kh}
              - {name: h2, vendor: linux, host: 192.0.2.12, username: root, private-key: id, known-hosts: kh}
            """;
        Inventory inv = parse(DEVICES.replace("kmes:", linux.stripTrailing() + "\nkmes:") + """
            links:
              - id: h1-h2
                a: {device: h1, interface: eth1, kme: kme-a, options: {macsec-device: macsec7, sci-port: 2, replay-window: 128}}
                b: {device: h2, interface: eth1, kme: kme-b}
            """);
        Link l = inv.link("h1-h2").orElseThrow();
        assertEquals(new LinuxPortOptions(Optional.of("macsec7"), 2, 128), l.port(Side.A).options());
        assertEquals(PortOptions.NONE, l.port(Side.B).options());

        List<String> errors = errors(DEVICES.replace("kmes:", linux.stripTrailing() + "\nkmes:") + """
            links:
              - id: r1-r2
                a: {device: r1, interface: ge-0/0/1, kme: kme-a, options: {macsec-device: m0}}
                b: {device: r2, interface: ge-0/0/1, kme: kme-b}
              - id: h1-h2
                a: {device: h1, interface: eth1, kme: kme-a, options: {macsec-device: a-name-too-long-for-linux, sci-port: 0}}
                b: {device: h2, interface: eth1, kme: kme-b, options: {window: 64}}
            """);
        assertEquals(List.of(
                "t.yaml:14:63: links[0].a.options: junos ports take no options (options are for linux ports: macsec-device, sci-port, replay-window)",
                "t.yaml:17:75: links[1].a.options.macsec-device: invalid Linux interface name 'a-name-too-long-for-linux'"
                        + " (1-15 letters, digits, '_', '.', '@' or '-')",
                "t.yaml:17:112: links[1].a.options.sci-port: 0 is out of range (allowed: 1 to 65535)",
                "t.yaml:18:60: links[1].b.options.window: unknown field (expected one of: macsec-device, sci-port, replay-window)"), errors);
    }

    @Test
    void ambiguousInterfaceListsItsCandidates() {
        Inventory inv = parse(DEVICES + """
                links:
                  - {id: l1, a: {device: r1, interface: ge-0/0/1, kme: kme-a}, b: {device: r2, interface: ge-0/0/9, kme: kme-b}}
                  - {id: l2, a: {device: r3, interface: ge-0/0/1, kme: kme-c}, b: {device: r2, interface: ge-0/0/2, kme: kme-b}}
                """);
        LinkLookupException e = assertThrows(LinkLookupException.class, () -> inv.resolveLink("ge-0/0/1"));
        assertEquals(List.of("r1:ge-0/0/1 (link l1)", "r3:ge-0/0/1 (link l2)"), e.candidates());
        assertEquals("link 'ge-0/0/1' is ambiguous in t.yaml: interface ge-0/0/1 is on several links: "
                + "r1:ge-0/0/1 (link l1), r3:ge-0/0/1 (link l2) (use the link id or device:interface)", e.getMessage());
        assertEquals("l2", inv.resolveLink("r3:ge-0/0/1").id());
    }

    @Test
    void unknownLinkNamesWhatExists() {
        LinkLookupException e = assertThrows(LinkLookupException.class, () -> TWO_LINKS.resolveLink("et-9/9/9"));
        assertEquals("no link 'et-9/9/9' in t.yaml: no link has that id, device:interface or interface name "
                + "(links: r1-r2, r1-r3, r2-r3)", e.getMessage());
        LinkLookupException d = assertThrows(LinkLookupException.class, () -> TWO_LINKS.resolveLink("r1:ge-0/0/7"));
        assertTrue(d.getMessage().contains("device r1 has no link on interface 'ge-0/0/7'"), d.getMessage());
    }

    @Test
    void labRoutersTakeACommitLatencyByVendorAndMayRunInAnotherZone() {
        Inventory inv = parse("""
                devices:
                  - {name: r1, vendor: junos, host: h1, username: ops, password: 'env:P', known-hosts: kh}
                  - {name: x1, vendor: iosxr, host: h2, username: ops, password: 'env:P', known-hosts: kh}
                  - {name: l1, vendor: linux, host: h3, username: ops, password: 'env:P', known-hosts: kh}
                lab:
                  devices:
                    r1: {time-zone: Europe/Berlin}
                    x1: {commit-latency: PT0.5S}
                    l1: {}
                """);
        LabSettings lab = inv.lab().orElseThrow();
        assertEquals(Optional.of(ZoneId.of("Europe/Berlin")), lab.devices().get("r1").timeZone());
        assertEquals(java.time.Duration.ofSeconds(3), lab.devices().get("r1").commitLatency(Vendor.JUNOS));
        assertEquals(java.time.Duration.ofMillis(500), lab.devices().get("x1").commitLatency(Vendor.IOSXR));
        assertEquals(java.time.Duration.ofMillis(1500), new LabSettings.LabDevice(java.time.Duration.ZERO).commitLatency(Vendor.IOSXR));
        assertEquals(java.time.Duration.ZERO, lab.devices().get("l1").commitLatency(Vendor.LINUX));
    }

    @Test
    void deviceTargetResolvesThePasswordOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cret\n");
        Inventory inv = parse("""
                devices:
                  - {name: r1, vendor: junos, host: h1, username: ops, password: 'file:%s', known-hosts: kh, time-zone: Europe/Vienna,
                     options: {transport: cli, gnmi-port: 57400}}
                  - {name: r3, vendor: iosxr, host: h3, username: ops, private-key: id, host-key: SHA256:n7uZWSTDSKJVcsYYyTvL6DoAuGmz3Sj3CuKcJBPg3Q8}
                """.formatted(pw));
        Files.writeString(pw, "changed-after-load\r\n");
        DeviceTarget t = inv.device("r1").orElseThrow().toTarget(true);
        try (Secret s = t.password().orElseThrow()) {
            assertArrayEquals("changed-after-load".getBytes(StandardCharsets.UTF_8), s.copyBytes());
        }
        assertEquals(Optional.of(Path.of("kh")), t.hostKeys().knownHosts());
        assertTrue(t.hostKeys().acceptNew());
        assertEquals(Optional.of(ZoneId.of("Europe/Vienna")), t.timeZone());
        assertEquals(Map.of("transport", "cli", "gnmi-port", "57400"), t.options());
        assertEquals("junos", t.vendor());
        assertEquals(830, t.port());
        DeviceTarget r3 = inv.device("r3").orElseThrow().toTarget(true);
        assertFalse(r3.hostKeys().acceptNew(), "a fingerprint pin never accepts another key");
        assertEquals(Optional.of(Path.of("id")), r3.privateKey());
        assertTrue(r3.password().isEmpty());
    }

    @Test
    void missingSecretsAreNamedByReferenceOnly() {
        SecretUnavailableException e = assertThrows(SecretUnavailableException.class,
                () -> new SecretRef.Env("NOPE_NOT_SET").resolve(name -> null));
        assertEquals("env:NOPE_NOT_SET: environment variable NOPE_NOT_SET is not set", e.getMessage());
        try (Secret s = new SecretRef.Env("X").resolve(name -> "value")) {
            assertEquals(5, s.length());
        }
    }

    @Test
    void inlineSecretsAreRefusedWithoutEchoingThem() {
        List<String> errors = errors("""
                devices:
                  - {name: r1, vendor: junos, host: h, username: u, password: hunter2-Sw0rd, known-hosts: kh}
                kmes:
                  - {id: k, url: https://k, sae-id: s, pkcs12: p.p12, pkcs12-password: Pkcs12-Secret}
                links:
                  - id: l
                    a: {device: r1, interface: e1, kme: k}
                    b: {device: r1, interface: e2, kme: k}
                    key-derivation: {method: xor, secrets: [deadbeefcafe]}
                """);
        String all = String.join("\n", errors);
        assertFalse(all.contains("hunter2") || all.contains("Pkcs12-Secret") || all.contains("deadbeef"), all);
        assertEquals(3, errors.stream().filter(e -> e.contains("inline secrets are not allowed")).count(), all);
    }

    @Test
    void saeIdOfASideMustMatchItsMutualTlsKme() {
        List<String> errors = errors(DEVICES + """
                links:
                  - id: l
                    a: {device: r1, interface: e1, kme: kme-a, sae-id: sae-x}
                    b: {device: r2, interface: e1, kme: kme-b}
                """);
        assertEquals(List.of("t.yaml:12:56: links[0].a.sae-id: SAE 'sae-x' differs from KME 'kme-a' sae-id 'sae-a' "
                + "(the KME knows the caller by its client certificate; add a KME entry for SAE 'sae-x')"), errors);
    }

    @Test
    void anInsecureKmeMayServeBothSidesWithSaeIdsOnTheLink() {
        Inventory inv = parse(DEVICES + """
                links:
                  - id: l
                    a: {device: r1, interface: e1, kme: sim, sae-id: sae-1}
                    b: {device: r2, interface: e1, kme: sim, sae-id: sae-2}
                """);
        assertEquals("sae-1", inv.link("l").orElseThrow().enc().saeId());
        assertTrue(inv.kme("sim").orElseThrow().insecure());
        List<String> same = errors(DEVICES + """
                links:
                  - id: l
                    a: {device: r1, interface: e1, kme: sim, sae-id: sae-1}
                    b: {device: r2, interface: e1, kme: sim, sae-id: sae-1}
                """);
        assertEquals(List.of("t.yaml:13:54: links[0].b.sae-id: both sides are SAE 'sae-1' "
                + "(a QKD key is shared between two different SAEs)"), same);
    }

    @Test
    void defaultTimingsAreCheckedAgainstTheIntervalToo() {
        List<String> errors = errors(DEVICES + """
                links:
                  - id: l
                    a: {device: r1, interface: e1, kme: kme-a}
                    b: {device: r2, interface: e1, kme: kme-b}
                    schedule: {interval: 1m, jitter: 30s}
                """);
        assertEquals(List.of(
                "t.yaml:11:5: links[0].lead: the default 1m is not shorter than the interval 1m (a new key must be staged and active before the next rollover)",
                "t.yaml:11:5: links[0].overlap: the default 1m is not shorter than the interval 1m (the previous key must retire before the next rollover)"),
                errors);
        List<String> jitter = errors(DEVICES + """
                links:
                  - id: l
                    a: {device: r1, interface: e1, kme: kme-a}
                    b: {device: r2, interface: e1, kme: kme-b}
                    schedule: {interval: 1h, jitter: 1h}
                """);
        assertEquals(List.of("t.yaml:14:38: links[0].schedule.jitter: 1h is not shorter than the interval 1h "
                + "(jitter shifts each rollover by less than one interval)"), jitter);
    }

    @Test
    void kmeNeedsAClientCertificateUnlessInsecure() {
        assertEquals(List.of("t.yaml:2:5: kmes[0].client-cert: missing client certificate "
                        + "(mutual TLS needs client-cert + client-key, or pkcs12; or set insecure: true)"),
                errors("kmes:\n  - {id: k, url: https://k, sae-id: s}\n"));
        assertEquals(List.of("t.yaml:2:5: kmes[0].client-key: missing (client-cert and client-key go together)"),
                errors("kmes:\n  - {id: k, url: https://k, sae-id: s, client-cert: c}\n"));
        assertEquals(List.of("t.yaml:2:79: kmes[0].pkcs12: give either pkcs12 or client-cert + client-key, not both"),
                errors("kmes:\n  - {id: k, url: https://k, sae-id: s, client-cert: c, client-key: k, pkcs12: p}\n"));
    }

    @Test
    void repeatedKeysAndWrongShapesAreReported() {
        assertEquals(List.of("t.yaml:3:1: devices: repeated key (first given at line 1)"),
                errors("devices: []\nlinks: []\ndevices: []\n"));
        assertEquals(List.of("t.yaml:1:10: devices: expected a list (lines starting with '- ')"),
                errors("devices: {r1: x}\n"));
        assertEquals(List.of("t.yaml:1:1: (document): the inventory is empty (expected devices:, kmes: and links:)"),
                errors("# nothing\n"));
        assertEquals(List.of("t.yaml:1:1: (document): expected a mapping (key: value lines)"), errors("- a\n- b\n"));
    }

    @Test
    void keyDerivationSecretsAreCountedPerMethod() {
        List<String> errors = errors(DEVICES + """
                links:
                  - id: l
                    a: {device: r1, interface: e1, kme: kme-a}
                    b: {device: r2, interface: e1, kme: kme-b}
                    key-derivation: {method: hmac}
                """);
        assertEquals(List.of("t.yaml:14:30: links[0].key-derivation.secrets: hmac takes at least 1 extra secret(s), got 0 "
                + "(list env:NAME or file:PATH references)"), errors);
    }

    @Test
    void derivationSecretsAreHexExceptTheQupskdPsk(@TempDir Path dir) throws Exception {
        Path hex = Files.writeString(dir.resolve("pqc.hex"), "  00ff10\n");
        Path bad = Files.writeString(dir.resolve("bad.hex"), "zz-not-hex-Secret\n");
        Path psk = Files.writeString(dir.resolve("psk"), "correct horse\n");
        List<Secret> s = new KeyDerivationSpec(DerivationMethod.HKDF_SHA3_256, List.of(new SecretRef.FileRef(hex))).resolveSecrets();
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, s.get(0).copyBytes());
        List<Secret> q = new KeyDerivationSpec(DerivationMethod.QUPSKD, List.of(new SecretRef.FileRef(psk))).resolveSecrets();
        assertArrayEquals("correct horse".getBytes(StandardCharsets.UTF_8), q.get(0).copyBytes());
        SecretUnavailableException e = assertThrows(SecretUnavailableException.class,
                () -> new KeyDerivationSpec(DerivationMethod.XOR, List.of(new SecretRef.FileRef(bad))).resolveSecrets());
        assertFalse(e.getMessage().contains("Secret"), e.getMessage());
        assertTrue(e.getMessage().startsWith("file:" + bad + ": not hex"), e.getMessage());
    }
}
