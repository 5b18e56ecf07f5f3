package org.qkdmacsec.controller.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;

/** Collects every problem of one YAML file (an inventory or a playbook), so the operator sees them all at once. */
public final class Problems {
    private final String file;
    private final List<InventoryError> errors = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public void add(Mark mark, String field, String problem, String hint) {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        errors.add(new InventoryError(file, line, column, field, problem, hint));
    }

    /** How many problems so far: an entry that added none is valid. */
    public int count() {
        return errors.size();
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** In file order; stable for problems at the same position. */
    public List<InventoryError> sorted() {
        List<InventoryError> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt(InventoryError::line).thenComparingInt(InventoryError::column));
        return out;
    }
}
