package org.qkdmacsec.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.controller.inventory.RepoFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * docs/architecture.md is true to the code: its module table is exactly what the poms declare, its
 * package table bounds what the controller's packages import, and the lab and the product never reach
 * into each other.
 */
class ArchitectureTest {
    private static final Path DOC = RepoFiles.of("docs/architecture.md");
    private static final String GROUP = "org.qkdmacsec";

    /** A table of docs/architecture.md between {@code <!-- name: ... -->} and {@code <!-- /name -->}, rows as cells. */
    private static List<List<String>> table(String name) throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int from = doc.indexOf("<!-- " + name + ":");
        int to = doc.indexOf("<!-- /" + name + " -->");
        assertTrue(from >= 0 && to > from, "docs/architecture.md has the " + name + " table between its markers");
        List<List<String>> rows = new ArrayList<>();
        for (String line : doc.substring(from, to).lines().toList()) {
            if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| module |") || line.startsWith("| package |")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1)).map(String::strip).toList();
            rows.add(cells);
        }
        return rows;
    }

    /** The names in backquotes of a cell ({@code `driver-spi`, `driver-ssh`}); a dash is none. */
    private static Set<String> names(String cell) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private record Dependency(String artifact, boolean test) { }

    private static List<Dependency> dependencies(Path pom) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        List<Dependency> out = new ArrayList<>();
        Element project = d.getDocumentElement();
        for (Element deps : children(project, "dependencies")) {
            for (Element dep : children(deps, "dependency")) {
                if (GROUP.equals(text(dep, "groupId"))) {
                    out.add(new Dependency(text(dep, "artifactId"), "test".equals(text(dep, "scope"))));
                }
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element e, String child) {
        List<Element> c = children(e, child);
        return c.isEmpty() ? null : c.get(0).getTextContent().strip();
    }

    @Test
    void everyModuleDependsOnExactlyWhatTheArchitectureSays() throws Exception {
        Map<String, String> problems = new TreeMap<>();
        Set<String> documented = new TreeSet<>();
        for (List<String> row : table("modules")) {
            String module = names(row.get(0)).iterator().next();
            documented.add(module);
            List<Dependency> deps = dependencies(RepoFiles.of(module + "/pom.xml"));
            Set<String> main = deps.stream().filter(d -> !d.test()).map(Dependency::artifact).collect(Collectors.toCollection(TreeSet::new));
            Set<String> test = deps.stream().filter(Dependency::test).map(Dependency::artifact).collect(Collectors.toCollection(TreeSet::new));
            if (!main.equals(names(row.get(2)))) {
                problems.put(module, "depends on " + main + ", the architecture allows " + names(row.get(2)));
            }
            if (!test.equals(names(row.get(3)))) {
                problems.put(module + " (tests)", "depends on " + test + ", the architecture lists " + names(row.get(3)));
            }
        }
        assertEquals(Map.of(), problems);
        Document parent = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(RepoFiles.of("pom.xml").toFile());
        Set<String> modules = new TreeSet<>();
        NodeList m = parent.getElementsByTagName("module");
        for (int i = 0; i < m.getLength(); i++) {
            modules.add(m.item(i).getTextContent().strip());
        }
        assertEquals(modules, documented, "every module of the parent pom is in docs/architecture.md's table, and no other");
    }

    @Test
    void theControllersPackagesImportOnlyTheLayersBelowThem() throws Exception {
        Path base = RepoFiles.of("controller/src/main/java/org/qkdmacsec/controller");
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (List<String> row : table("packages")) {
            allowed.put(names(row.get(0)).iterator().next(), names(row.get(2)));
        }
        Set<String> packages;
        try (Stream<Path> s = Files.list(base)) {
            packages = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(packages, new TreeSet<>(allowed.keySet()), "every controller package is in docs/architecture.md's table");
        Pattern ref = Pattern.compile("org\\.qkdmacsec\\.controller\\.([a-z]+)\\.[A-Z]");
        List<String> problems = new ArrayList<>();
        for (String pkg : packages) {
            for (Path f : javaFiles(base.resolve(pkg))) {
                Matcher m = ref.matcher(Files.readString(f, StandardCharsets.UTF_8));
                Set<String> used = new TreeSet<>();
                while (m.find()) {
                    used.add(m.group(1));
                }
                used.remove(pkg);
                used.removeAll(allowed.get(pkg));
                if (!used.isEmpty()) {
                    problems.add(base.relativize(f) + " uses " + used + ", which " + pkg + " may not import");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theProductNeverReachesIntoTheLabNorTheLabIntoWhatItTests() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String module : List.of("controller", "drivers/spi", "drivers/ssh", "drivers/junos", "drivers/iosxr", "drivers/linux", "config")) {
            problems.addAll(uses(RepoFiles.of(module + "/src/main/java"), "org.qkdmacsec.lab", "org.qkdmacsec.harness"));
        }
        problems.addAll(uses(RepoFiles.of("lab/src/main/java"), "org.qkdmacsec.controller", "org.qkdmacsec.driver", "org.qkdmacsec.spi",
                "org.qkdmacsec.harness"));
        assertEquals(List.of(), problems);
    }

    private static List<String> uses(Path root, String... forbidden) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : javaFiles(root)) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            for (String p : forbidden) {
                if (text.contains(p + ".")) {
                    out.add(RepoFiles.root().relativize(f) + " uses " + p);
                }
            }
        }
        return out;
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
