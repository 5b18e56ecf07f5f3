package org.qkdmacsec.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.api.Schemas;
import org.qkdmacsec.controller.inventory.RepoFiles;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.journal.LinkStateRecord;

/** {@code status -o json} writes the API's link objects (docs/schema/status.schema.json), from the journal alone. */
class StatusJsonTest {
    @TempDir
    Path dir;

    @Test
    void statusJsonIsTheLinkContractWithNullWhatOnlyTheDaemonKnows() throws Exception {
        Instant since = Instant.now().minusSeconds(90);
        String ckn = "ab".repeat(32);
        try (JournalDatabase db = JournalDatabase.embedded(dir)) {
            Journal j = new Journal(db, Clock.systemUTC(), "test/1");
            j.linkState(new LinkStateRecord("vie-graz", Optional.of(ckn), Optional.of("key-1"), Optional.of(since), Optional.empty(), 0,
                    Optional.of("t-1"), Optional.of("DONE"), Optional.empty(), Optional.of(since), since));
            j.begin("vie-graz", Optional.of(ckn));
        }
        CliRun run = CliRun.of("status", "--data-dir", dir.toString(), "--inventory", RepoFiles.of("inventory/examples/backbone.yaml").toString(),
                "-o", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode all = Json.MAPPER.readTree(run.out());
        Schemas.assertValid("status", all);
        JsonNode l = null;
        for (JsonNode x : all) {
            l = x.path("link").asText().equals("vie-graz") ? x : l;
        }
        assertTrue(l != null, run.out());
        assertTrue(l.path("key_age_seconds").asLong() >= 90, l.toString());
        assertEquals("PLANNED", l.path("in_progress").path("state").asText(), "the unfinished transaction, as the API shows it");
        assertTrue(l.path("kme_failures").isNull() && l.path("observed").isNull() && l.path("schedule").path("next_run").isNull());
        assertTrue(l.path("a").asText().contains(":"), l.toString());
    }
}
