package org.qkdmacsec.controller.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadEstimatorTest {
    private static final Duration FLOOR = Duration.ofSeconds(60);
    private static final Duration MARGIN = Duration.ofSeconds(15);

    @Test
    void floorWhenNothingIsKnown() {
        assertEquals(FLOOR, LeadEstimator.lead(FLOOR, List.of(), Duration.ZERO, MARGIN));
    }

    @Test
    void slowDevicesStretchTheLeadToP99PlusMargin() {
        List<Duration> samples = new ArrayList<>();
        for (int i = 1; i <= 32; i++) {
            samples.add(Duration.ofSeconds(i));
        }
        samples.set(0, Duration.ofSeconds(80)); // one slow outlier is the p99 of 32 samples
        assertEquals(Duration.ofSeconds(95), LeadEstimator.lead(FLOOR, samples, Duration.ZERO, MARGIN));
    }

    @Test
    void onlyTheNewest32SamplesCount() {
        List<Duration> samples = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            samples.add(Duration.ofSeconds(5));
        }
        samples.add(Duration.ofSeconds(500)); // 33rd newest: outside the window
        assertEquals(FLOOR, LeadEstimator.lead(FLOOR, samples, Duration.ZERO, MARGIN));
    }

    @Test
    void roundedConfirmWindowKeepsTheLeadLonger() {
        // Junos rounds a 30 s confirm window up to one minute: the lead must outlast it.
        assertEquals(Duration.ofSeconds(75), LeadEstimator.lead(FLOOR, List.of(), Duration.ofSeconds(60), MARGIN));
    }

    @Test
    void theLastSideCommittedMustRollBackBeforeTheStartSoPreparationAndWindowAdd() {
        // 10 s to prepare both ends, then a 60 s window on the last one: it rolls back by itself 70 s in.
        assertEquals(Duration.ofSeconds(85), LeadEstimator.lead(FLOOR, List.of(Duration.ofSeconds(10)), Duration.ofSeconds(60), MARGIN));
    }

    @Test
    void anOverrunTeachesAtLeastTwiceWhatItHadTaken() {
        assertEquals(Duration.ofSeconds(50), LeadEstimator.overrunSample(Duration.ofSeconds(25)));
    }
}
