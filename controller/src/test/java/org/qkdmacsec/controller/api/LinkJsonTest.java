package org.qkdmacsec.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.controller.engine.LinkObservation;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.spi.KeySlot;

/** The one link contract: what the daemon and the journal-only status write, against docs/schema/link.schema.json. */
class LinkJsonTest {
    static final Instant NOW = Instant.parse("2026-11-23T14:02:01Z");
    static final String CKN = "55c965ab4cdc10974a0c34d1298e452e52d63c113e644e65affaf0bd099daf91";
    static final String NEXT = "0a".repeat(32);

    static LinkStateRecord state() {
        return new LinkStateRecord("r1-r2", Optional.of(CKN), Optional.of("28dbd8f7-ddec-43e3-b7a6-b319f940fb87"),
                Optional.of(NOW.minusSeconds(121)), Optional.of(NOW.plusSeconds(3600)), 2, Optional.of("t-1"), Optional.of("DONE"),
                Optional.empty(), Optional.of(NOW.minusSeconds(100)), NOW.minusSeconds(100));
    }

    @Test
    void everyKeyIsPresentAndNullWhenTheReporterDoesNotKnowIt() {
        LinkReport fromJournal = LinkReport.fromJournal("r1-r2", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        JsonNode j = LinkJson.write(fromJournal, NOW);
        Schemas.assertValid("link", j);
        assertTrue(j.path("last_result").isNull(), "never rolled is null, not a sentence");
        assertTrue(j.path("kme_failures").isNull() && j.path("alarms").isNull() && j.path("observed").isNull());
        assertEquals(21, j.size(), j.toString());
    }

    @Test
    void theDaemonsViewCarriesNumbersWithTheirUnitsAndTheDevicesKeyChain() {
        LinkObservation.End a = new LinkObservation.End("r1", true, Optional.empty(), List.of(
                new KeySlot("0", CKN, Optional.of(NOW.minusSeconds(121)), Optional.empty()),
                new KeySlot("1", NEXT, Optional.of(NOW.plusSeconds(3600)), Optional.empty())), Optional.of(CKN), true);
        LinkObservation.End b = new LinkObservation.End("r2", false, Optional.of("connection refused"), List.of(), Optional.empty(), false);
        LinkReport r = new LinkReport("r1-r2", Optional.of(new LinkReport.Ends("r1:ge-0/0/1", "r2:ge-0/0/1")),
                Optional.of(new LinkReport.Schedule(Duration.ofHours(1), Duration.ofMinutes(1), Optional.of(NOW.plusSeconds(1800)))),
                Optional.of(state()), Optional.empty(), Optional.of(0), Optional.empty(), Optional.of(Set.of("KEY_AGE")),
                Optional.of(new LinkReport.Observed(new LinkObservation("r1-r2", NOW, a, b), 12.34, false, java.util.Map.of(CKN, "28dbd8f7-ddec-43e3-b7a6-b319f940fb87"))));
        JsonNode j = LinkJson.write(r, NOW);
        Schemas.assertValid("link", j);
        assertEquals(121, j.path("key_age_seconds").asLong());
        assertEquals(12.3, j.path("outage_seconds_last_day").asDouble());
        assertEquals(NOW.plusSeconds(3600).toString(), j.path("last_key_start").asText(), "from the devices' key chain");
        assertEquals("connection refused", j.path("observed").path("b").path("error").asText());
        assertFalse(j.path("observed").path("secured").asBoolean());
        assertEquals(3600, j.path("schedule").path("interval_seconds").asInt());
    }

    @Test
    void theKeyInServiceIsTheOneTheDevicesUseBeforeTheJournalHasRecordedIt() {
        LinkObservation.End a = new LinkObservation.End("r1", true, Optional.empty(), List.of(
                new KeySlot("0", CKN, Optional.of(NOW.minusSeconds(121)), Optional.empty()),
                new KeySlot("1", NEXT, Optional.of(NOW.minusSeconds(5)), Optional.empty())), Optional.of(NEXT), true);
        LinkReport r = new LinkReport("r1-r2", Optional.empty(), Optional.empty(), Optional.of(state()), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(new LinkReport.Observed(new LinkObservation("r1-r2", NOW, a, a), 0, false,
                java.util.Map.of(NEXT, "key-next"))));
        JsonNode j = LinkJson.write(r, NOW);
        assertEquals(NEXT, j.path("active_ckn").asText());
        assertEquals("key-next", j.path("active_key_id").asText());
        assertEquals(5, j.path("key_age_seconds").asLong());
        assertTrue(j.path("next_start").isNull(), "no key starts after now on the devices");
    }

    @Test
    void withoutAnObservationTheLastKeyStartIsEstimatedFromTheJournal() {
        LinkReport r = LinkReport.fromJournal("r1-r2", Optional.empty(), Optional.of(new LinkReport.Schedule(Duration.ofHours(1),
                Duration.ZERO, Optional.empty())), Optional.of(state()), Optional.empty());
        assertEquals(Optional.of(NOW.plusSeconds(3600 + 3600)), r.lastKeyStart(), "two staged keys one interval apart");
    }

    @Test
    void theSchemaRejectsTextWhereANumberBelongs() throws Exception {
        JsonNode j = new ObjectMapper().readTree(LinkJson.write(LinkReport.fromJournal("x", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), NOW).toString().replace("\"outage_seconds_last_day\":null", "\"outage_seconds_last_day\":\"0.0 s\""));
        assertFalse(Schemas.of("link").validate(j).isEmpty());
    }
}
