package org.qkdmacsec.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one YAML file into SnakeYAML's node tree, which keeps every value's line and column. Nothing is
 * bound by reflection, so the readers built on {@link Fields} report unknown fields and wrong shapes by name,
 * all at once. Files are capped (a runaway file or alias bomb stops early); a syntax error is a
 * {@link ConfigException} at its position.
 *
 * <pre>{@code
 * Optional<Node> root = YamlDocument.load(Path.of("inventory/lab.yaml"), YamlDocument.Limit.of(4, "an inventory"));
 * }</pre>
 */
public final class YamlDocument {
    private YamlDocument() {
    }

    /**
     * How large a kind of file may be.
     *
     * @param what the kind of file, for the hint ({@code an inventory})
     */
    public record Limit(int maxBytes, String what) {
        public static Limit of(int mebibytes, String what) {
            return new Limit(mebibytes * 1024 * 1024, what);
        }

        String size() {
            return maxBytes / (1024 * 1024) + " MiB";
        }
    }

    /** The document in {@code file}; empty when it holds no document (only comments, or nothing). */
    public static Optional<Node> load(Path file, Limit limit) {
        String label = file.toString();
        String text;
        try {
            if (Files.size(file) > limit.maxBytes()) {
                throw fileProblem(label, "file is larger than " + limit.size(), limit.what() + " is a small YAML file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw fileProblem(label, "cannot read the file (" + e.getClass().getSimpleName() + ")", "check the path");
        }
        return parse(label, text, limit);
    }

    /** The document in {@code text}; {@code label} names it in messages. Empty when it holds none. */
    public static Optional<Node> parse(String label, String text, Limit limit) {
        Problems problems = new Problems(label);
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(limit.maxBytes());
            return Optional.ofNullable(new Yaml(new SafeConstructor(options)).compose(new StringReader(text)));
        } catch (MarkedYAMLException e) {
            problems.add(e.getProblemMark(), "(yaml)", e.getProblem(), e.getContext() == null ? "" : e.getContext());
        } catch (YAMLException e) {
            problems.add(null, "(yaml)", e.getMessage(), "");
        }
        throw problems.failure();
    }

    private static ConfigException fileProblem(String label, String problem, String hint) {
        return new ConfigException(List.of(new ConfigError(label, 1, 1, "(file)", problem, hint)));
    }
}
