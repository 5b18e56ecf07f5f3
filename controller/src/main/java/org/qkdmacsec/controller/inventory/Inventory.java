package org.qkdmacsec.controller.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, fully validated inventory: devices, KMEs, links and the optional lab section. Load one with
 * {@link InventoryLoader#load}. Lists keep file order.
 *
 * @param source the file it was read from (as given), used in messages
 */
public record Inventory(String source, List<Device> devices, List<Kme> kmes, List<Link> links,
                        Optional<LabSettings> lab) {
    public Inventory {
        Objects.requireNonNull(source, "source");
        devices = List.copyOf(devices);
        kmes = List.copyOf(kmes);
        links = List.copyOf(links);
        Objects.requireNonNull(lab, "lab");
    }

    public Optional<Device> device(String name) {
        return devices.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public Optional<Kme> kme(String id) {
        return kmes.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** The link with this id. */
    public Optional<Link> link(String id) {
        return links.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The KME that serves one side of a link (always present in a loaded inventory). */
    public Kme kmeOf(LinkSide side) {
        return kme(side.kme()).orElseThrow();
    }

    /** The device of one side of a link (always present in a loaded inventory). */
    public Device deviceOf(LinkSide side) {
        return device(side.device()).orElseThrow();
    }

    /**
     * The link an operator names ({@code --link}): by id, by {@code device:interface}, or by a bare interface
     * name used on exactly one link. Throws {@link LinkLookupException} when nothing matches or a bare name
     * is ambiguous.
     */
    public Link resolveLink(String reference) {
        Optional<Link> byId = link(reference);
        if (byId.isPresent()) {
            return byId.get();
        }
        for (int i = reference.indexOf(':'); i > 0; i = reference.indexOf(':', i + 1)) {
            String device = reference.substring(0, i);
            String iface = reference.substring(i + 1);
            if (device(device).isPresent()) {
                return links.stream().filter(l -> l.uses(device, iface)).findFirst()
                        .orElseThrow(() -> notFound(reference, "device " + device + " has no link on interface '" + iface + "'"));
            }
        }
        Map<String, Link> byAddress = new LinkedHashMap<>();
        for (Link l : links) {
            for (LinkSide s : List.of(l.a(), l.b())) {
                if (s.interfaceName().equals(reference)) {
                    byAddress.put(s.address(), l);
                }
            }
        }
        if (byAddress.values().stream().distinct().count() == 1) {
            return byAddress.values().iterator().next();
        }
        if (byAddress.isEmpty()) {
            throw notFound(reference, "no link has that id, device:interface or interface name");
        }
        List<String> candidates = new ArrayList<>();
        byAddress.forEach((address, l) -> candidates.add(address + " (link " + l.id() + ")"));
        throw new LinkLookupException(reference, "link '" + reference + "' is ambiguous in " + source
                + ": interface " + reference + " is on several links: " + String.join(", ", candidates)
                + " (use the link id or device:interface)", candidates);
    }

    private LinkLookupException notFound(String reference, String why) {
        List<String> ids = links.stream().map(Link::id).toList();
        return new LinkLookupException(reference, "no link '" + reference + "' in " + source + ": " + why
                + " (links: " + (ids.isEmpty() ? "none" : String.join(", ", ids)) + ")", List.of());
    }
}
