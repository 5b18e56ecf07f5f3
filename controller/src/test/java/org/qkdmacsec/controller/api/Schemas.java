package org.qkdmacsec.controller.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import org.qkdmacsec.controller.inventory.RepoFiles;

/** The published JSON Schemas of docs/schema/ (the machine-output contract), for tests in any module. */
public final class Schemas {
    private static final String ID = "https://qkd-macsec.example/schema/";

    private Schemas() { }

    /** The schema {@code docs/schema/<name>.schema.json}; its {@code $ref}s resolve to the files beside it. */
    public static JsonSchema of(String name) {
        String dir = RepoFiles.of("docs/schema").toUri().toString();
        JsonSchemaFactory f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix(ID, dir.endsWith("/") ? dir : dir + "/")));
        return f.getSchema(SchemaLocation.of(ID + name + ".schema.json"));
    }

    /** Fails with every problem when {@code json} does not satisfy {@code docs/schema/<name>.schema.json}. */
    public static void assertValid(String name, JsonNode json) {
        Set<ValidationMessage> problems = of(name).validate(json);
        assertTrue(problems.isEmpty(), name + ".schema.json: " + problems + "\nin " + json.toPrettyString());
    }
}
