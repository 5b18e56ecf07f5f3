package org.qkdmacsec.controller.daemon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;

/**
 * The Quartz job of one link (job name = link id). Never runs twice at once for a link, across the
 * whole cluster; each fire hands over to {@link LinkRunner} (which returns once the transaction is
 * journalled — the job does not wait for the lead or the overlap) and then puts the link's trigger on
 * its next jittered slot. Public with a no-argument constructor because Quartz instantiates it.
 */
@DisallowConcurrentExecution
public final class LinkJob implements Job {
    static final String RUNNER = "qkd-macsec.runner";
    static final String SCHEDULES = "qkd-macsec.schedules";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            SchedulerContext sc = context.getScheduler().getContext();
            LinkRunner runner = (LinkRunner) sc.get(RUNNER);
            LinkSchedules schedules = (LinkSchedules) sc.get(SCHEDULES);
            runner.fire(context.getJobDetail().getKey().getName(), context.getScheduledFireTime().toInstant());
            schedules.afterFire(context.getTrigger());
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("link " + context.getJobDetail().getKey().getName() + ": " + e.getMessage(), e);
        }
    }
}
