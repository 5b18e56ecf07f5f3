package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.qkdmacsec.controller.journal.TxnState;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Turns one composed (and substituted) playbook document into a {@link Playbook}, collecting every problem. */
final class PlaybookReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern SELECTOR = Pattern.compile("(tag:[A-Za-z0-9][A-Za-z0-9._-]{0,63})|[A-Za-z0-9_*?-]{1,64}");
    static final Pattern CKN = Pattern.compile("[0-9a-fA-F]{8,64}");
    static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

    static final List<String> TOP = List.of("name", "description", "vars", "targets", "stop-on-failure", "timeout", "steps");
    static final List<String> ACTIONS = List.of("rollover", "wait", "verify", "fault", "repeat");
    static final List<String> STEP = List.of("name", "targets", "timeout", "expect", "rollover", "wait", "verify", "fault", "repeat");
    static final List<String> ROLLOVER = List.of("lead", "dry-run", "notes");
    static final List<String> WAIT = List.of("for", "until", "poll");
    static final List<String> VERIFY = List.of("ckn", "max-key-age");
    static final List<String> REPEAT = List.of("times", "steps");
    static final List<String> EXPECT = List.of("reason", "state");

    private final String file;
    private final Problems problems;
    private final Map<String, String> variables;

    PlaybookReader(String file, Problems problems, Map<String, String> variables) {
        this.file = file;
        this.problems = problems;
        this.variables = variables;
    }

    Optional<Playbook> read(Node root) {
        Optional<Fields> top = Fields.of(root, "", problems, TOP);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Fields doc = top.get();
        Optional<String> name = doc.required("name", "names the playbook and its JUnit test suite")
                .filter(n -> valid(doc, "name", n, NAME, "playbook name", "1-64 letters, digits, '.', '_' or '-'"));
        String description = doc.text("description").orElse("");
        List<Selector> targets = selectors(doc, "targets").orElse(List.of(new Selector("*", Position.of(file, doc.mark(), "targets"))));
        boolean stop = doc.bool("stop-on-failure").orElse(false);
        Duration timeout = doc.positiveDuration("timeout").orElse(Playbook.DEFAULT_TIMEOUT);
        if (!doc.has("steps")) {
            problems.add(doc.mark(), "steps", "missing", "a playbook is a list of steps");
        }
        List<Step> steps = steps(doc, "steps");
        if (name.isEmpty() || !problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Playbook(file, name.get(), description, variables, targets, stop, timeout, steps));
    }

    private List<Step> steps(Fields parent, String key) {
        List<Step> out = new ArrayList<>();
        parent.sequence(key).ifPresent(nodes -> {
            if (nodes.isEmpty()) {
                parent.error(key, "no steps", "list at least one step");
            }
            for (int i = 0; i < nodes.size(); i++) {
                step(nodes.get(i), parent.field(key) + "[" + i + "]").ifPresent(out::add);
            }
        });
        return out;
    }

    private Optional<Step> step(Node node, String path) {
        Optional<Fields> parsed = Fields.of(node, path, problems, STEP);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Fields f = parsed.get();
        int before = problems.count();
        List<String> actions = ACTIONS.stream().filter(f::has).toList();
        if (actions.isEmpty()) {
            problems.add(f.mark(), path, "no action", "a step has one of: " + String.join(", ", ACTIONS));
            return Optional.empty();
        }
        if (actions.size() > 1) {
            f.error(actions.get(1), "a step has one action, this one has " + String.join(" and ", actions), "split it into two steps");
            return Optional.empty();
        }
        String kind = actions.get(0);
        Optional<List<Selector>> targets = selectors(f, "targets");
        Optional<Duration> timeout = f.positiveDuration("timeout");
        Optional<Expectation> expect = f.has("expect") ? expectation(f) : Optional.empty();
        if (f.has("expect") && !kind.equals("rollover")) {
            f.error("expect", "expect applies to rollover steps only", "the transaction's reason is what it checks");
        }
        Optional<Action> action = switch (kind) {
            case "rollover" -> rollover(f);
            case "wait" -> waitFor(f);
            case "verify" -> verify(f);
            case "fault" -> new FaultReader(problems).fault(f);
            default -> repeat(f);
        };
        if (action.isPresent() && f.has("targets") && !usesTargets(action.get())) {
            f.error("targets", "this step does not work on links", "remove targets:");
        }
        if (action.isEmpty() || problems.count() > before) {
            return Optional.empty();
        }
        String name = f.text("name").orElseGet(() -> defaultName(action.get(), expect));
        return Optional.of(new Step(name, Position.of(file, f.mark(), path), targets, timeout, action.get(), expect));
    }

    private static boolean usesTargets(Action a) {
        if (a instanceof Action.Wait w) {
            return w.until().isPresent();
        }
        if (a instanceof Action.Fault x) {
            return x.spec().side().isPresent();
        }
        return true;
    }

    // ---- actions ---------------------------------------------------------------------------------

    private Optional<Action> rollover(Fields step) {
        Optional<Fields> o = options(step, "rollover", ROLLOVER);
        if (o == null) {
            return Optional.empty();
        }
        Optional<Duration> lead = o.flatMap(f -> f.positiveDuration("lead"));
        boolean dryRun = o.flatMap(f -> f.bool("dry-run")).orElse(false);
        List<String> notes = new ArrayList<>();
        o.flatMap(f -> f.sequence("notes")).ifPresent(nodes -> nodes.forEach(n -> {
            if (n instanceof ScalarNode s && !s.getValue().isBlank()) {
                notes.add(s.getValue());
            } else {
                problems.add(n.getStartMark(), step.field("rollover") + ".notes", "expected a text", "a part of the note the transaction must show");
            }
        }));
        return Optional.of(new Action.Rollover(lead, dryRun, notes));
    }

    private Optional<Action> waitFor(Fields step) {
        Node n = step.node("wait").orElseThrow();
        if (n instanceof ScalarNode) {
            return step.positiveDuration("wait").map(d -> new Action.Wait(Optional.of(d), Optional.empty(), DEFAULT_POLL));
        }
        Optional<Fields> parsed = Fields.of(n, step.field("wait"), problems, WAIT);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Fields f = parsed.get();
        if (f.has("for") == f.has("until")) {
            problems.add(f.mark(), f.path(), "give either for: DURATION or until: CONDITION", "e.g. wait: {until: secured}");
            return Optional.empty();
        }
        Optional<Duration> duration = f.positiveDuration("for");
        Optional<Condition> until = f.text("until").flatMap(u -> {
            Optional<Condition> c = Condition.fromId(u);
            if (c.isEmpty()) {
                f.error("until", "unknown condition '" + u + "'", "use " + ids(Condition.values(), Condition::id));
            }
            return c;
        });
        Duration poll = f.positiveDuration("poll").orElse(DEFAULT_POLL);
        if (f.has("poll") && duration.isPresent()) {
            f.error("poll", "poll applies to wait until", "");
        }
        return duration.isPresent() || until.isPresent() ? Optional.of(new Action.Wait(duration, until, poll)) : Optional.empty();
    }

    private Optional<Action> verify(Fields step) {
        Optional<Fields> o = options(step, "verify", VERIFY);
        if (o == null) {
            return Optional.empty();
        }
        Optional<String> ckn = o.flatMap(f -> f.text("ckn").filter(c -> {
            if (c.equals("current") || CKN.matcher(c).matches()) {
                return true;
            }
            f.error("ckn", "invalid CKN '" + c + "'", "current, or a CKN or its first 8 or more hex digits");
            return false;
        })).filter(c -> !c.equals("current")).map(c -> c.toLowerCase(Locale.ROOT));
        Optional<Duration> age = o.flatMap(f -> f.positiveDuration("max-key-age"));
        return Optional.of(new Action.Verify(ckn, age));
    }

    private Optional<Action> repeat(Fields step) {
        Optional<Fields> parsed = Fields.of(step.node("repeat").orElseThrow(), step.field("repeat"), problems, REPEAT);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Fields f = parsed.get();
        if (!f.has("times")) {
            problems.add(f.mark(), f.field("times"), "missing", "how many times to run the steps");
        }
        if (!f.has("steps")) {
            problems.add(f.mark(), f.field("steps"), "missing", "the steps to repeat");
        }
        Optional<Integer> times = f.integer("times", 1, 100_000);
        List<Step> steps = steps(f, "steps");
        return times.map(t -> new Action.Repeat(t, steps));
    }

    private Optional<Expectation> expectation(Fields step) {
        Node n = step.node("expect").orElseThrow();
        Optional<String> reason;
        Optional<TxnState> state = Optional.of(TxnState.ABORTED);
        Fields where = step;
        String reasonKey = "expect";
        if (n instanceof MappingNode) {
            Optional<Fields> parsed = Fields.of(n, step.field("expect"), problems, EXPECT);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            where = parsed.get();
            reasonKey = "reason";
            reason = where.required("reason", "the Reason the rollover must end with");
            Fields w = where;
            state = where.text("state").map(s -> s.toUpperCase(Locale.ROOT)).flatMap(s -> {
                if (s.equals("ABORTED") || s.equals("FAILED")) {
                    return Optional.of(TxnState.valueOf(s));
                }
                w.error("state", "expected aborted or failed, got '" + s + "'", "");
                return Optional.empty();
            }).or(() -> w.has("state") ? Optional.empty() : Optional.of(TxnState.ABORTED));
        } else {
            reason = step.text("expect");
        }
        Fields w = where;
        String key = reasonKey;
        Optional<Reason> r = reason.flatMap(x -> {
            try {
                return Optional.of(Reason.valueOf(x));
            } catch (IllegalArgumentException e) {
                w.error(key, "unknown reason '" + x + "'", "one of " + ids(Reason.values(), Reason::name));
                return Optional.empty();
            }
        });
        if (r.isEmpty() || state.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Expectation(state.get(), r.get()));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * The options mapping of an action whose value may also be empty ({@code rollover:}): empty when
     * absent, {@code null} when it has the wrong shape (reported).
     */
    private Optional<Fields> options(Fields step, String key, List<String> allowed) {
        Node n = step.node(key).orElseThrow();
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            return Optional.empty();
        }
        Optional<Fields> f = Fields.of(n, step.field(key), problems, allowed);
        return f.isPresent() ? f : null;
    }

    private Optional<List<Selector>> selectors(Fields f, String key) {
        Optional<Node> n = f.node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        List<Node> items = n.get() instanceof SequenceNode s ? s.getValue() : List.of(n.get());
        List<Selector> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String field = f.field(key) + (n.get() instanceof SequenceNode ? "[" + i + "]" : "");
            if (item instanceof ScalarNode sn && SELECTOR.matcher(sn.getValue()).matches()) {
                out.add(new Selector(sn.getValue(), Position.of(file, item.getStartMark(), field)));
            } else {
                problems.add(item.getStartMark(), field, "invalid link selector" + (item instanceof ScalarNode sn ? " '" + sn.getValue() + "'" : ""),
                        "a link id, a glob such as r1-* or *, or tag:NAME");
            }
        }
        if (items.isEmpty()) {
            f.error(key, "no links selected", "omit targets: for the playbook's default");
        }
        return Optional.of(out);
    }

    private static boolean valid(Fields f, String key, String value, Pattern p, String what, String rule) {
        if (p.matcher(value).matches()) {
            return true;
        }
        f.error(key, "invalid " + what + " '" + value + "'", rule);
        return false;
    }

    private static String defaultName(Action a, Optional<Expectation> expect) {
        if (a instanceof Action.Rollover r) {
            return (r.dryRun() ? "dry-run rollover" : "rollover") + expect.map(e -> " expecting " + e.reason()).orElse("");
        }
        if (a instanceof Action.Wait w) {
            return w.duration().map(d -> "wait " + Durations.format(d)).orElseGet(() -> "wait until " + w.until().orElseThrow().id());
        }
        if (a instanceof Action.Fault x) {
            FaultSpec f = x.spec();
            return "fault " + f.kind().id() + f.side().map(s -> " on side " + s.id()).orElse(f.named().map(n -> " on " + n).orElse(""));
        }
        if (a instanceof Action.Repeat r) {
            return "repeat " + r.times() + " times";
        }
        return "verify";
    }

    private static <T> String ids(T[] values, java.util.function.Function<T, String> id) {
        return String.join(", ", Arrays.stream(values).map(id).toList());
    }
}
