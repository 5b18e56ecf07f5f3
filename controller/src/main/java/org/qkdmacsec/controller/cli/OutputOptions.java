package org.qkdmacsec.controller.cli;

import picocli.CommandLine.Option;

/** {@code -o table|json}, declared once for every command with machine output (docs/schema/ has each JSON's schema). */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table or json (default: ${DEFAULT-VALUE}); the JSON's schema is in docs/schema/.")
    OutputFormat format;

    public OutputFormat format() {
        return format;
    }

    public boolean json() {
        return format == OutputFormat.json;
    }
}
