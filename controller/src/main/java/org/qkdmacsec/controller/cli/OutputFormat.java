package org.qkdmacsec.controller.cli;

/** {@code -o table|json}: human table (default) or machine-readable JSON on stdout. */
public enum OutputFormat {
    table, json
}
