package org.qkdmacsec.harness.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.RepoFiles;

/** A playbook against the inventory it runs on: selectors, the lab's left-out links, and where faults can go. */
class PlaybookCheckTest {
    private static final Inventory LAB = InventoryLoader.load(RepoFiles.of("inventory/lab.yaml"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"playbooks/lab-smoke.yaml", "playbooks/lab-faults.yaml"})
    void shippedLabPlaybooksFitTheLabInventory(String file) {
        PlaybookCheck.forLab(PlaybookLoader.load(RepoFiles.of(file), Map.of()), LAB);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vendor-vm-junos.yaml", "vendor-vm-xrd.yaml", "vendor-vm-mixed.yaml"})
    void theSoakFitsEveryVendorVmInventory(String inventory) {
        PlaybookCheck.forDevices(PlaybookLoader.load(RepoFiles.of("playbooks/vendor-vm-soak.yaml"), Map.of()),
                InventoryLoader.load(RepoFiles.of("inventory/examples/" + inventory)));
    }

    @Test
    void selectorsThatNameNoLinkAreReportedWithWhatExists() {
        Playbook p = parse("""
                name: s
                steps:
                  - targets: ["tag:arista", "r9-*", r1-r2]
                    rollover: {}
                  - targets: linux-ab
                    verify: {}
                """);
        assertEquals(List.of(
                "s.yaml:3:15: steps[0].targets[0]: 'tag:arista' matches no link tagged arista in " + LAB.source()
                        + " (links: r1-r2, x1-x2, r1-x1; tags: iosxr, junos, lab, mixed; left out: linux-ab)",
                "s.yaml:3:29: steps[0].targets[1]: 'r9-*' matches no link in " + LAB.source() + " (links: r1-r2, x1-x2, r1-x1;"
                        + " left out: linux-ab)",
                "s.yaml:5:14: steps[1].targets: link linux-ab is left out of this run: real-kernel Linux link: its VM keeps real time,"
                        + " so it runs in demo and -Pkernel-lab, not on simulated time (links: r1-r2, x1-x2, r1-x1)"),
                messages(assertThrows(ConfigException.class, () -> PlaybookCheck.forLab(p, LAB))));
    }

    @Test
    void faultsAreRefusedAgainstRealDevices() {
        Playbook p = parse("name: f\nsteps:\n  - fault: {kind: commit-failure, device: r2}\n  - fault: clear\n");
        assertEquals(List.of(
                "f.yaml:3:5: steps[0].fault: fault injection needs the embedded lab (run with --lab against an inventory with a lab:"
                        + " section; a playbook cannot inject faults into real devices)",
                "f.yaml:4:5: steps[1].fault: fault injection needs the embedded lab (run with --lab against an inventory with a lab:"
                        + " section; a playbook cannot inject faults into real devices)"),
                messages(assertThrows(ConfigException.class, () -> PlaybookCheck.forDevices(p, LAB))));
    }

    @Test
    void faultsTheLabCannotInjectAreNamed() {
        Playbook p = parse("""
                name: f
                steps:
                  - targets: [x1-x2]
                    fault: {kind: clock-skew, side: a, skew: 10s}
                  - fault: {kind: kme-unavailable, kme: kme-z}
                  - fault: {kind: commit-failure, device: linux-a}
                """);
        assertEquals(List.of(
                "f.yaml:3:5: steps[0].fault: the lab's IOS-XR router x1 has no clock-skew fault (its clock skew is fixed at start by"
                        + " lab.devices.x1.clock-skew); aim it at a Junos router",
                "f.yaml:5:5: steps[1].fault: KME kme-z is not simulated by the lab (lab.kmes: kme-a, kme-b)",
                "f.yaml:6:5: steps[2].fault: device linux-a is not simulated by the lab (lab.devices: r1, r2, x1, x2)"),
                messages(assertThrows(ConfigException.class, () -> PlaybookCheck.forLab(p, LAB))));
    }

    private static Playbook parse(String text) {
        String name = text.substring(6, text.indexOf('\n'));
        return PlaybookLoader.parse(name + ".yaml", text, Map.of());
    }

    private static List<String> messages(ConfigException e) {
        return e.errors().stream().map(ConfigError::toString).toList();
    }
}
