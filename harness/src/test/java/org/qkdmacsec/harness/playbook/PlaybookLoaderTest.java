package org.qkdmacsec.harness.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.controller.inventory.RepoFiles;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.lab.kme.KmeEndpoint;

/** The playbook format: shipped playbooks load and satisfy the schema; every kind of mistake is reported where it is. */
class PlaybookLoaderTest {
    private static final Path MANY_PROBLEMS = Path.of("src/test/resources/playbooks/many-problems.yaml");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"playbooks/lab-smoke.yaml", "playbooks/lab-faults.yaml", "playbooks/vendor-vm-soak.yaml"})
    void shippedPlaybookLoadsAndMatchesTheSchema(String file) throws IOException {
        Playbook p = PlaybookLoader.load(RepoFiles.of(file), Map.of());
        assertFalse(p.steps().isEmpty());
        Set<ValidationMessage> problems = schema().validate(yaml(RepoFiles.of(file)));
        assertTrue(problems.isEmpty(), file + " against playbooks/schema.json: " + problems);
    }

    @Test
    void labSmokeRollsEveryLabLinkTwiceAfterTheFirstKeys() {
        Playbook p = PlaybookLoader.load(RepoFiles.of("playbooks/lab-smoke.yaml"), Map.of());
        assertEquals("lab-smoke", p.name());
        assertEquals(List.of("tag:lab"), p.targets().stream().map(Selector::text).toList());
        assertInstanceOf(Action.Rollover.class, p.steps().get(0).action());
        assertEquals(new Action.Wait(Optional.empty(), Optional.of(Condition.SECURED), Duration.ofSeconds(10)), p.steps().get(1).action());
        Action.Repeat repeat = assertInstanceOf(Action.Repeat.class, p.steps().get(3).action());
        assertEquals(2, repeat.times());
        assertEquals(new Action.Verify(Optional.empty(), Optional.of(Duration.ofMinutes(10))), repeat.steps().get(2).action());
    }

    @Test
    void variablesAreSubstitutedWhereverTheyStandAndTheCommandLineWins() {
        String text = """
                name: v
                vars: {rounds: 2, links: "tag:junos", pause: 90s}
                targets: ["${links}"]
                steps:
                  - repeat:
                      times: ${rounds}
                      steps: [{wait: "${pause}"}, {name: "literal $${x}", rollover: {}}]
                """;
        Playbook p = PlaybookLoader.parse("v.yaml", text, Map.of("rounds", "7"));
        assertEquals("tag:junos", p.targets().get(0).text());
        Action.Repeat r = (Action.Repeat) p.steps().get(0).action();
        assertEquals(7, r.times());
        assertEquals(new Action.Wait(Optional.of(Duration.ofSeconds(90)), Optional.empty(), Duration.ofSeconds(5)), r.steps().get(0).action());
        assertEquals("literal ${x}", r.steps().get(1).name());
        assertEquals(Map.of("rounds", "7", "links", "tag:junos", "pause", "90s"), p.variables());
    }

    @Test
    void anUndeclaredCommandLineVariableIsRefusedNamingTheDeclaredOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> PlaybookLoader.parse("v.yaml",
                "name: v\nvars:\n  rounds: 2\nsteps: [{rollover: {}}]\n", Map.of("round", "3")));
        assertEquals(List.of("v.yaml:3:3: vars: --var round: the playbook declares no such variable (declared: rounds)"), messages(e));
    }

    @Test
    void expectationsFaultsAndWaitsReadAsWritten() {
        String text = """
                name: f
                steps:
                  - {expect: {reason: COMPENSATION_FAILED, state: failed}, rollover: {lead: 2m}}
                  - {expect: KEYS_DIFFER, rollover: }
                  - fault: {kind: kme-unavailable, kme: kme-a, endpoint: enc_keys, mode: sticky}
                  - fault: {kind: clock-skew, side: b, skew: -10s}
                  - fault: {kind: session-drop, device: r2, when: before}
                  - fault: clear
                  - {wait: {until: secured, poll: 10s}, timeout: 5m}
                  - verify: {ckn: ABCDEF0123456789}
                """;
        List<Step> s = PlaybookLoader.parse("f.yaml", text, Map.of()).steps();
        assertEquals(Optional.of(new Expectation(TxnState.FAILED, Reason.COMPENSATION_FAILED)), s.get(0).expect());
        assertEquals(new Action.Rollover(Optional.of(Duration.ofMinutes(2)), false), s.get(0).action());
        assertEquals(Optional.of(new Expectation(TxnState.ABORTED, Reason.KEYS_DIFFER)), s.get(1).expect());
        assertEquals("rollover expecting KEYS_DIFFER", s.get(1).name());
        FaultSpec kme = ((Action.Fault) s.get(2).action()).spec();
        assertEquals(FaultKind.KME_UNAVAILABLE, kme.kind());
        assertEquals(Optional.of("kme-a"), kme.named());
        assertEquals(Optional.of(KmeEndpoint.ENC_KEYS), kme.endpoint());
        assertTrue(kme.sticky());
        FaultSpec skew = ((Action.Fault) s.get(3).action()).spec();
        assertEquals(Optional.of(FaultSpec.SideRef.B), skew.side());
        assertEquals(Optional.of(Duration.ofSeconds(-10)), skew.amount());
        assertTrue(((Action.Fault) s.get(4).action()).spec().beforeApply());
        assertEquals(FaultKind.CLEAR, ((Action.Fault) s.get(5).action()).spec().kind());
        assertEquals(new Action.Wait(Optional.empty(), Optional.of(Condition.SECURED), Duration.ofSeconds(10)), s.get(6).action());
        assertEquals(Optional.of(Duration.ofMinutes(5)), s.get(6).timeout());
        assertEquals(new Action.Verify(Optional.of("abcdef0123456789"), Optional.empty()), s.get(7).action());
    }

    @Test
    void everyProblemOfAMalformedPlaybookIsReportedWhereItIs() {
        ConfigException e = assertThrows(ConfigException.class, () -> PlaybookLoader.load(MANY_PROBLEMS, Map.of()));
        List<String> expected = List.of(
                "1:7: name: invalid playbook name 'many problems' (1-64 letters, digits, '.', '_' or '-')",
                "6:27: steps[0].rollover.dryrun: unknown field (did you mean 'dry-run'?)",
                "7:11: steps[1].wait: invalid duration '10 minutes' (use 90s, 10m, 1h, 1d or ISO-8601 such as PT1H)",
                "8:13: steps[2].verify: a step has one action, this one has rollover and verify (split it into two steps)",
                "11:14: steps[3].repeat.times: expected a whole number, got 'lots' (allowed: 1 to 100000)",
                "13:18: steps[3].repeat.steps[0].fault.latency: missing (e.g. latency: 2s)",
                "14:61: steps[3].repeat.steps[1].fault.endpoint: kme-exhausted cannot be shown on dec_keys (it applies to enc_keys)",
                "15:63: steps[3].repeat.steps[2].fault.endpoint: not used by fault commit-failure (it applies to kme-unavailable,"
                        + " kme-unauthorized, kme-latency, kme-wrong-key, kme-corrupt-key, kme-exhausted, kme-drop-connection)",
                "16:13: steps[4].expect: unknown reason 'NO_SUCH_REASON' (one of DEVICE_UNREACHABLE, CLOCK_SKEW, NTP_UNSYNCHRONISED,"
                        + " ACTIVE_KEY_DIFFERS, FUTURE_KEYS_DIFFER, MKA_NOT_SECURED, LINK_BUSY, ACTIVATION_MISMATCH, CAPABILITY_MISSING,"
                        + " KME_UNAVAILABLE, KME_EXHAUSTED, JOURNAL_UNAVAILABLE, ENC_KME_FAILED, DEC_KME_FAILED, KME_UNAUTHORIZED, KEYS_DIFFER, KME_INVALID_RESPONSE,"
                        + " STAGE_FAILED, COMMIT_FAILED, CONFIRM_FAILED, READBACK_MISMATCH, DEADLINE_MISSED, SESSION_LOST,"
                        + " ACTIVATE_FAILED, VERIFY_TIMEOUT, COMPENSATION_FAILED, IN_DOUBT, RECOVERED, FENCED, LINK_NOT_IN_INVENTORY, INTERNAL_ERROR)",
                "18:13: steps[5].expect: expect applies to rollover steps only (the transaction's reason is what it checks)",
                "20:19: steps[6].wait.until: unknown condition 'sunrise' (use reachable, secured)",
                "21:15: steps[7].targets[0]: invalid link selector 'r1/r2' (a link id, a glob such as r1-* or *, or tag:NAME)",
                "24:20: steps[8].verify.max-key-age: unknown variable 'undeclared' (declared: rounds, wait-for)",
                "25:5: steps[9]: no action (a step has one of: rollover, wait, verify, fault, repeat)");
        assertEquals(expected.stream().map(m -> MANY_PROBLEMS + ":" + m).toList(), messages(e));
    }

    @Test
    void theSchemaRejectsWhatItCanExpressOfTheMalformedPlaybook() throws IOException {
        assertFalse(schema().validate(yaml(MANY_PROBLEMS)).isEmpty());
    }

    @Test
    void yamlSyntaxErrorsCarryTheirPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> PlaybookLoader.parse("y.yaml",
                "name: y\nsteps:\n  - verify: {max-key-age: 10m\n", Map.of()));
        assertEquals(1, e.errors().size());
        assertTrue(e.getMessage().startsWith("y.yaml:4:1: (yaml): "), e.getMessage());
    }

    @Test
    void missingStepsAndEmptyFilesAreNamed() {
        assertEquals(List.of("e.yaml:1:1: (document): the playbook is empty (expected name: and steps:)"),
                messages(assertThrows(ConfigException.class, () -> PlaybookLoader.parse("e.yaml", "", Map.of()))));
        assertEquals(List.of("m.yaml:1:1: steps: missing (a playbook is a list of steps)"),
                messages(assertThrows(ConfigException.class, () -> PlaybookLoader.parse("m.yaml", "name: m\n", Map.of()))));
    }

    @Test
    void faultsNeedAPlaceAndOnlyTheirOwnFields() {
        ConfigException e = assertThrows(ConfigException.class, () -> PlaybookLoader.parse("x.yaml", """
                name: x
                steps:
                  - fault: {kind: commit-failure, side: b, device: r2}
                  - fault: {kind: mka-never-confirms, side: c, latency: 2s}
                  - fault: {kind: sunspots}
                  - fault: now
                """, Map.of()));
        assertEquals(List.of(
                "x.yaml:3:12: steps[0].fault: give either side: (a, b, enc or dec of each target link) or device: NAME",
                "x.yaml:4:45: steps[1].fault.side: unknown side 'c' (use a, b, enc or dec)",
                "x.yaml:4:57: steps[1].fault.latency: not used by fault mka-never-confirms (it applies to kme-latency)",
                "x.yaml:5:19: steps[2].fault.kind: unknown fault 'sunspots' (use kme-unavailable, kme-unauthorized, kme-latency,"
                        + " kme-wrong-key, kme-corrupt-key, kme-exhausted, kme-drop-connection, kme-quirk, commit-failure, session-drop, clock-skew,"
                        + " mka-never-confirms, clear)",
                "x.yaml:6:12: steps[3].fault: 'now' is not a fault (write fault: clear, or a mapping with kind: and where to aim it)"),
                messages(e));
    }

    private static List<String> messages(ConfigException e) {
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    private static JsonSchema schema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(RepoFiles.of("playbooks/schema.json").toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new YAMLMapper().readTree(file.toFile());
    }
}
