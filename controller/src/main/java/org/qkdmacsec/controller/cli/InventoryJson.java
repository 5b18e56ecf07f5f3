package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.qkdmacsec.controller.inventory.ClientIdentity;
import org.qkdmacsec.controller.inventory.Device;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.inventory.HostKeyPin;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.LinkSide;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.spi.LinuxPortOptions;

/**
 * The inventory as JSON for {@code inventory show -o json}, with every default filled in. Secrets appear
 * only as their references ({@code env:NAME}, {@code file:PATH}), never resolved.
 */
final class InventoryJson {
    private InventoryJson() {
    }

    static ObjectNode of(Inventory inv) {
        ObjectNode root = Json.object().put("source", inv.source());
        ArrayNode devices = root.putArray("devices");
        inv.devices().forEach(d -> devices.add(device(d)));
        ArrayNode kmes = root.putArray("kmes");
        inv.kmes().forEach(k -> kmes.add(kme(k)));
        ArrayNode links = root.putArray("links");
        inv.links().forEach(l -> links.add(link(l)));
        inv.lab().ifPresent(lab -> {
            ObjectNode n = root.putObject("lab").put("state-dir", lab.stateDir().toString());
            lab.kmes().forEach(n.putArray("kmes")::add);
            ObjectNode ds = n.putObject("devices");
            lab.devices().forEach((name, d) -> {
                var o = ds.putObject(name).put("clock-skew", Durations.format(d.clockSkew()));
                d.commitLatency().ifPresent(l -> o.put("commit-latency", Durations.format(l)));
                d.timeZone().ifPresent(z -> o.put("time-zone", z.getId()));
            });
        });
        return root;
    }

    private static ObjectNode device(Device d) {
        ObjectNode n = Json.object().put("name", d.name()).put("vendor", d.vendor().id()).put("host", d.host())
                .put("port", d.port()).put("username", d.username());
        d.password().ifPresent(p -> n.put("password", p.reference()));
        d.privateKey().ifPresent(p -> n.put("private-key", p.toString()));
        if (d.hostKey() instanceof HostKeyPin.Fingerprint f) {
            n.put("host-key", f.fingerprint());
        } else {
            n.put("known-hosts", ((HostKeyPin.KnownHosts) d.hostKey()).file().toString());
        }
        d.timeZone().ifPresent(z -> n.put("time-zone", z.getId()));
        ObjectNode options = n.putObject("options");
        d.options().forEach(options::put);
        return n;
    }

    private static ObjectNode kme(Kme k) {
        ObjectNode n = Json.object().put("id", k.id()).put("url", k.url().toString());
        k.saeId().ifPresent(s -> n.put("sae-id", s));
        k.clientIdentity().ifPresent(ci -> {
            if (ci instanceof ClientIdentity.Pem pem) {
                n.put("client-cert", pem.certificate().toString()).put("client-key", pem.privateKey().toString());
                pem.keyPassword().map(SecretRef::reference).ifPresent(r -> n.put("client-key-password", r));
            } else {
                ClientIdentity.Pkcs12 p12 = (ClientIdentity.Pkcs12) ci;
                n.put("pkcs12", p12.file().toString());
                p12.password().map(SecretRef::reference).ifPresent(r -> n.put("pkcs12-password", r));
            }
        });
        k.caBundle().ifPresent(ca -> n.put("ca", ca.toString()));
        n.put("connect-timeout", Durations.format(k.connectTimeout())).put("read-timeout", Durations.format(k.readTimeout()))
                .put("insecure", k.insecure()).put("method", k.method().name().toLowerCase(java.util.Locale.ROOT));
        k.maxKeysPerRequest().ifPresent(m -> n.put("max-keys-per-request", m));
        n.put("status", k.statusMode().id());
        if (!k.serverCertSha256().isEmpty()) {
            k.serverCertSha256().forEach(n.putArray("server-cert-sha256")::add);
        }
        k.serverCert().ifPresent(p -> n.put("server-cert", p.toString()));
        return n;
    }

    private static ObjectNode link(Link l) {
        ObjectNode n = Json.object().put("id", l.id());
        n.set("a", side(l.a()));
        n.set("b", side(l.b()));
        n.put("enc-side", l.encSide().label()).put("cipher", l.cipher().wireName()).put("key-size", l.keySizeBits())
                .put("ca", l.connectivityAssociation()).put("key-chain", l.keyChain());
        n.putObject("schedule").put("interval", Durations.format(l.schedule().interval()))
                .put("jitter", Durations.format(l.schedule().jitter()));
        n.put("keyring-slots", l.keyringSlots()).put("lead", Durations.format(l.lead()))
                .put("overlap", Durations.format(l.overlap()));
        l.tags().forEach(n.putArray("tags")::add);
        ObjectNode kd = n.putObject("key-derivation").put("method", l.keyDerivation().method().id());
        l.keyDerivation().secrets().forEach(s -> kd.withArray("secrets").add(s.reference()));
        return n;
    }

    private static ObjectNode side(LinkSide s) {
        ObjectNode n = Json.object().put("device", s.device()).put("interface", s.interfaceName()).put("sae-id", s.saeId())
                .put("kme", s.kme());
        if (s.options() instanceof LinuxPortOptions o) {
            ObjectNode opts = n.putObject("options");
            o.macsecDevice().ifPresent(d -> opts.put("macsec-device", d));
            opts.put("sci-port", o.sciPort()).put("replay-window", o.replayWindow());
        }
        return n;
    }
}
