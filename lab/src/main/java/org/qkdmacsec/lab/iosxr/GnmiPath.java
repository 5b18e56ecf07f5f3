package org.qkdmacsec.lab.iosxr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkdmacsec.gnmi.Path;
import org.qkdmacsec.gnmi.PathElem;

/**
 * A gNMI path reduced to what the router needs: the module of its first element (from the origin or a
 * {@code module:} prefix) and the element names with their keys. Prefix and path are joined; origin
 * {@code rfc7951} counts as no origin.
 */
record GnmiPath(String module, List<Step> steps) {
    /** One path element; {@code module} is set when the element was written {@code module:name}. */
    record Step(String module, String name, Map<String, String> keys) {
        Step {
            keys = Map.copyOf(keys);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(module == null ? name : module + ":" + name);
            keys.forEach((k, v) -> sb.append('[').append(k).append('=').append(v).append(']'));
            return sb.toString();
        }
    }

    @SuppressWarnings("deprecation") // reads the deprecated 'element' field only to refuse it clearly
    static GnmiPath of(Path prefix, Path path) throws YangException {
        List<PathElem> elems = new ArrayList<>(prefix.getElemList());
        elems.addAll(path.getElemList());
        if (!path.getElementList().isEmpty() || !prefix.getElementList().isEmpty()) {
            throw new YangException("the deprecated 'element' path field is not supported; use 'elem'");
        }
        if (elems.isEmpty()) {
            throw new YangException("the path names no data; start it with a model's top node, e.g. " + XrSchema.KEY_CHAIN_MODULE + ":key");
        }
        String origin = !path.getOrigin().isEmpty() ? path.getOrigin() : prefix.getOrigin();
        if (origin.equals("rfc7951")) {
            origin = ""; // the origin that only says "module-qualified names"
        }
        List<Step> steps = new ArrayList<>();
        for (PathElem e : elems) {
            String name = e.getName();
            String module = null;
            int colon = name.indexOf(':');
            if (colon >= 0) {
                module = name.substring(0, colon);
                name = name.substring(colon + 1);
            }
            steps.add(new Step(module, name, new LinkedHashMap<>(e.getKeyMap())));
        }
        String module = steps.get(0).module() != null ? steps.get(0).module() : origin;
        if (module == null || module.isEmpty()) {
            throw new YangException("path '" + render(steps) + "' does not name its model: write the first element as module:name or set the origin");
        }
        if (!origin.isEmpty() && !origin.equals(module)) {
            throw new YangException("path origin '" + origin + "' does not match the module of its first element '" + module + "'");
        }
        return new GnmiPath(module, steps);
    }

    @Override
    public String toString() {
        return "/" + module + ":" + render(steps).substring(steps.get(0).module() == null ? 0 : module.length() + 1);
    }

    private static String render(List<Step> steps) {
        return String.join("/", steps.stream().map(Step::toString).toList());
    }
}
