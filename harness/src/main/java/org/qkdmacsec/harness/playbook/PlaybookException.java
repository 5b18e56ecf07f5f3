package org.qkdmacsec.harness.playbook;

import java.util.List;
import java.util.stream.Collectors;
import org.qkdmacsec.controller.inventory.InventoryError;

/**
 * A playbook is malformed, or does not fit the inventory or the run (a selector matching no link, a
 * fault without the embedded lab). Carries every problem, in file order, as
 * {@code file:line:col: field: problem (hint)}.
 */
public final class PlaybookException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<InventoryError> errors;

    public PlaybookException(List<InventoryError> errors) {
        super(errors.stream().map(InventoryError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<InventoryError> errors() {
        return errors;
    }
}
