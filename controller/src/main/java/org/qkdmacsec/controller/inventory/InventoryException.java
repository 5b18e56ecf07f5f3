package org.qkdmacsec.controller.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** An inventory failed to load; carries every problem found, in file order. */
public final class InventoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<InventoryError> errors;

    public InventoryException(List<InventoryError> errors) {
        super(errors.stream().map(InventoryError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<InventoryError> errors() {
        return errors;
    }
}
