package org.qkdmacsec.controller.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns one composed YAML document into an {@link Inventory}, collecting all problems. Each section has
 * its reader ({@link DeviceReader}, {@link KmeReader}, {@link LinkReader}, {@link LabReader}); they are
 * run in dependency order (devices, KMEs, links, lab) so references resolve whatever order the file
 * lists the sections in.
 */
final class InventoryReader {
    static final List<String> TOP = List.of("devices", "kmes", "links", "lab");

    private final String source;
    private final Problems problems;
    private final Defined defined = new Defined();
    private final Map<String, Mark> kmeMarks = new LinkedHashMap<>();

    InventoryReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
    }

    Optional<Inventory> read(Node root) {
        Optional<Fields> top = Fields.of(root, "", problems, TOP);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Fields doc = top.get();
        items(doc, "devices", DeviceReader.FIELDS, new DeviceReader(problems, defined)::read);
        items(doc, "kmes", KmeReader.FIELDS, this::kme);
        items(doc, "links", LinkReader.FIELDS, new LinkReader(problems, defined)::read);
        Optional<LabSettings> lab = doc.mapping("lab", LabReader.FIELDS).flatMap(new LabReader(problems, defined)::read);
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Inventory(source, List.copyOf(defined.devices.values()), List.copyOf(defined.kmes.values()),
                defined.links, lab));
    }

    /** Each entry of a top-level list as a mapping with its own path ({@code links[2]}). */
    private void items(Fields doc, String key, List<String> allowed, Consumer<Fields> reader) {
        doc.sequence(key).ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                Fields.of(nodes.get(i), key + "[" + i + "]", problems, allowed).ifPresent(reader);
            }
        });
    }

    private void kme(Fields f) {
        KmeReader.Result r = new KmeReader(problems).read(f);
        if (r.id().isEmpty()) {
            return;
        }
        String id = r.id().get();
        if (defined.kmes.containsKey(id)) {
            f.error("id", "duplicate KME id '" + id + "'", "first defined at line " + (kmeMarks.get(id).getLine() + 1));
            return;
        }
        kmeMarks.put(id, f.mark());
        defined.kmes.put(id, r.kme().orElse(null));
    }
}
