package org.qkdmacsec.controller.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.Schedule;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The links' jobs and triggers in Quartz's store. Each link has a durable job (name = link id, group
 * {@value #GROUP}) and a trigger repeating at its interval with misfire "fire now": a schedule missed
 * while every instance was down runs once, promptly, not once per missed slot. After each fire the
 * trigger moves to the next grid slot plus fresh jitter ({@link Cadence}); should that move be lost, the
 * repeating trigger still fires. One-shot early runs (keyring replenishment) live in group
 * {@value #EARLY_GROUP}.
 *
 * <p>Phase: a link's keys start on a grid of its interval; a run right after an activation meets
 * MKA still moving to the new key (a preflight gate refuses it). Once a run has put keys in place the
 * grid is known, and the link's runs are re-anchored half an interval away from the activations
 * ({@link #alignTo}).
 */
final class LinkSchedules implements LinkRunner.ScheduleControl {
    static final String GROUP = "links";
    static final String EARLY_GROUP = "replenish";
    private static final String SCHEDULE = "schedule";
    private static final String ANCHOR = "anchor";
    private static final String INTERVAL = "interval";
    private static final String JITTER = "jitter";

    /** What a sync changed. */
    record Sync(List<String> added, List<String> removed, List<String> rescheduled) { }

    private final Scheduler quartz;
    private final Clock clock;
    private final RandomGenerator random;

    LinkSchedules(Scheduler quartz, Clock clock, RandomGenerator random) {
        this.quartz = quartz;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Makes the store match the inventory: adds jobs for new links, deletes those of removed links,
     * re-anchors links whose schedule changed; leaves every other link's trigger untouched (so a reload or
     * a second HA instance starting never shifts anyone's schedule).
     */
    synchronized Sync sync(Inventory inventory) throws SchedulerException {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> rescheduled = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (Link link : inventory.links()) {
            wanted.add(link.id());
            JobKey key = JobKey.jobKey(link.id(), GROUP);
            JobDetail existing = quartz.getJobDetail(key);
            String signature = signature(link.schedule());
            if (existing == null) {
                schedule(link, false);
                added.add(link.id());
            } else if (!signature.equals(existing.getJobDataMap().getString(SCHEDULE))
                    || quartz.getTrigger(TriggerKey.triggerKey(link.id(), GROUP)) == null) {
                schedule(link, true);
                rescheduled.add(link.id());
            }
        }
        for (JobKey key : quartz.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!wanted.contains(key.getName())) {
                quartz.deleteJob(key);
                removed.add(key.getName());
            }
        }
        return new Sync(List.copyOf(added), List.copyOf(removed), List.copyOf(rescheduled));
    }

    private void schedule(Link link, boolean replace) throws SchedulerException {
        Schedule s = link.schedule();
        JobDetail job = JobBuilder.newJob(LinkJob.class).withIdentity(link.id(), GROUP).storeDurably()
                .withDescription("periodic rollover of link " + link.id()).usingJobData(SCHEDULE, signature(s)).build();
        Cadence c = new Cadence(clock.instant(), s.interval(), s.jitter());
        quartz.scheduleJob(job, Set.of(trigger(link.id(), c, c.firstFire(random))), replace);
    }

    /** After a fire of the link's main trigger: on to the next slot plus fresh jitter. */
    void afterFire(Trigger fired) throws SchedulerException {
        if (!GROUP.equals(fired.getKey().getGroup())) {
            return;
        }
        Cadence c = cadence(fired);
        Instant now = clock.instant();
        Instant next = c.nextFire(now, random);
        Date current = fired.getNextFireTime();
        if (current != null && current.toInstant().equals(next)) {
            return; // no jitter and on the grid already
        }
        quartz.rescheduleJob(fired.getKey(), trigger(fired.getKey().getName(), c, next));
    }

    @Override
    public synchronized void alignTo(String linkId, Instant keyStart) {
        try {
            Trigger t = quartz.getTrigger(TriggerKey.triggerKey(linkId, GROUP));
            if (t == null) {
                return;
            }
            Cadence c = cadence(t);
            Cadence aligned = c.between(keyStart);
            if (aligned.sameGrid(c)) {
                return;
            }
            quartz.rescheduleJob(t.getKey(), trigger(linkId, aligned, aligned.nextFire(clock.instant(), random)));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot re-anchor the schedule of link " + linkId + ": " + e.getMessage(), e);
        }
    }

    private static Cadence cadence(Trigger t) {
        JobDataMap d = t.getJobDataMap();
        return new Cadence(Instant.ofEpochMilli(Long.parseLong(d.getString(ANCHOR))),
                Duration.ofMillis(Long.parseLong(d.getString(INTERVAL))), Duration.ofMillis(Long.parseLong(d.getString(JITTER))));
    }

    private static Trigger trigger(String linkId, Cadence c, Instant first) {
        return TriggerBuilder.newTrigger().withIdentity(linkId, GROUP).forJob(linkId, GROUP)
                .usingJobData(ANCHOR, Long.toString(c.anchor().toEpochMilli()))
                .usingJobData(INTERVAL, Long.toString(c.interval().toMillis()))
                .usingJobData(JITTER, Long.toString(c.jitter().toMillis()))
                .startAt(Date.from(first))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(c.interval().toMillis())
                        .repeatForever().withMisfireHandlingInstructionFireNow())
                .build();
    }

    @Override
    public synchronized void fireAt(String linkId, Instant when) {
        TriggerKey key = TriggerKey.triggerKey(linkId, EARLY_GROUP);
        Trigger t = TriggerBuilder.newTrigger().withIdentity(key).forJob(linkId, GROUP).startAt(Date.from(when))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        try {
            if (quartz.getTrigger(key) != null) {
                quartz.rescheduleJob(key, t);
            } else if (quartz.checkExists(JobKey.jobKey(linkId, GROUP))) {
                quartz.scheduleJob(t);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule an early run of link " + linkId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Instant> nextFire(String linkId) {
        try {
            Optional<Instant> main = Optional.ofNullable(quartz.getTrigger(TriggerKey.triggerKey(linkId, GROUP)))
                    .map(Trigger::getNextFireTime).map(Date::toInstant);
            Optional<Instant> early = Optional.ofNullable(quartz.getTrigger(TriggerKey.triggerKey(linkId, EARLY_GROUP)))
                    .map(Trigger::getNextFireTime).map(Date::toInstant);
            return early.isPresent() && (main.isEmpty() || early.get().isBefore(main.get())) ? early : main;
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    private static String signature(Schedule s) {
        return "interval=" + s.interval() + " jitter=" + s.jitter();
    }
}
