package org.qkdmacsec.controller.runtime;

import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.LinkSide;
import org.qkdmacsec.controller.link.Side;

/** The engine's view of an inventory link. */
public final class LinkSpecs {
    private LinkSpecs() { }

    public static LinkSpec of(Inventory inventory, Link link) {
        return new LinkSpec(link.id(), end(inventory, link, Side.A), end(inventory, link, Side.B),
                link.encSide(), link.keyringSlots(), link.lead(),
                link.overlap(), link.schedule().interval(), link.description());
    }

    public static java.util.Optional<LinkSpec> byId(Inventory inventory, String linkId) {
        return inventory.link(linkId).map(l -> of(inventory, l));
    }

    private static LinkSpec.End end(Inventory inventory, Link link, Side side) {
        LinkSide s = link.side(side);
        boolean ntp = inventory.device(s.device()).map(d -> d.requireNtp()).orElse(true);
        return new LinkSpec.End(s.device(), link.port(side), s.kme(), s.saeId(), ntp);
    }
}
