package org.qkdmacsec.controller.inventory;

/**
 * One problem in an inventory, rendered as {@code file:line:col: field: problem (hint)}. Lines and
 * columns count from 1. Never contains a secret value.
 *
 * @param field the YAML path of the offending value, e.g. {@code links[0].a.device}
 * @param hint  how to fix it; empty when there is nothing useful to add
 */
public record InventoryError(String file, int line, int column, String field, String problem, String hint) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + field + ": " + problem
                + (hint.isEmpty() ? "" : " (" + hint + ")");
    }
}
