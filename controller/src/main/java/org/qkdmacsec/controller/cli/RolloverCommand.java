package org.qkdmacsec.controller.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.engine.RolloverEngine;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.JournalException;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.controller.runtime.OwnerId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rollover}: one link to a fresh key, now. */
@Command(name = "rollover", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Put a fresh QKD key in service on one link: fetch it from both KMEs, stage it on both",
            "devices to start at now + lead (commit confirmed, then confirmed), verify that MKA moved",
            "to it, and remove the previous key after the overlap. Progress goes to stderr, the",
            "result to stdout. Anything that fails before both ends confirmed removes only what this",
            "command staged; the old key stays active (docs/operations.md).",
            "",
            "Unfinished transactions of this link left by a stopped qkd-macsec process are taken on",
            "first (read back from both ends, then finished or undone).",
            "",
            "With --api URL the running daemon does it instead (POST /api/links/LINK/rollover, with the",
            "daemon's token) and the command returns once the daemon accepted it; a link held down",
            "after KME failures is refused unless --force.",
            ""},
        footer = {"", "Exit codes: 0 done, 1 aborted or failed (reason in the result), 2 usage or inventory error."})
final class RolloverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Required unless --api. */
    @ArgGroup(exclusive = false)
    InventoryOptions inventory;

    @Option(names = "--link", required = true, paramLabel = "LINK",
            description = "Link id, device:interface, or an interface name used by one link only (ge-0/0/1); with --api the link id.")
    String linkRef;

    @Mixin
    ApiOptions api;

    @Option(names = "--force", description = "With --api: roll over even while the link is held down after KME failures.")
    boolean force;

    @Option(names = "--lead", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Start the new key this long from now instead of the adaptive lead (never shorter than"
                    + " the device's confirm window + 15 s).")
    Duration lead;

    @Option(names = "--no-wait", description = "Return once both ends have confirmed the new key (it starts on its own"
            + " at its start-time); the next qkd-macsec run for the link (or the daemon) verifies it and retires the old one.")
    boolean noWait;

    @Option(names = "--dry-run", description = "Stage placeholder keys on both ends, print each device's diff, and"
            + " discard. No KME key is consumed, nothing is committed.")
    boolean dryRun;

    @Mixin
    OutputOptions output;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (api.given()) {
            return ApiRollover.request(api, Optional.ofNullable(runtime.journal.dataDir), linkRef, force, output.format(), out, err);
        }
        if (inventory == null) {
            err.println("--inventory FILE is required (or --api URL to ask a running daemon)");
            err.flush();
            return Main.USAGE;
        }
        if (force) {
            err.println("--force goes with --api: a one-off rollover is never held down");
            err.flush();
            return Main.USAGE;
        }
        Optional<Inventory> loaded = inventory.load(err);
        if (loaded.isEmpty()) {
            return Main.USAGE;
        }
        Optional<Link> found = InventoryOptions.link(loaded.get(), linkRef, err);
        if (found.isEmpty()) {
            return Main.USAGE;
        }
        Link link = found.get();
        try (ControllerRuntime rt = runtime.open(loaded.get())) {
            Logging.progressOnTerminal();
            rt.events().onStep(e -> Results.progress(err, e, rt.scheduler().clock()));
            // Only this link's leftovers of a dead qkd-macsec process are taken on, and only until they
            // stop preparing the link: a one-off rollover never waits on another link, nor on a committed
            // transaction waiting for its start-time.
            List<CompletableFuture<RolloverResult>> recovered = rt.recover(t -> t.linkId().equals(link.id())
                    && OwnerId.isDeadLocalProcess(t.owner()));
            if (!recovered.isEmpty()) {
                err.println("taking over " + recovered.size() + " unfinished transaction(s) of " + link.id() + " left by a stopped process");
            }
            rt.engine().linkFree(link.id()).join();
            recovered.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).forEach(r -> err.println("recovered "
                    + r.linkId() + ": " + r.state() + r.reason().map(x -> " " + x).orElse("") + " — " + r.message()));
            RolloverRequest.Mode mode = dryRun ? RolloverRequest.Mode.DRY_RUN : RolloverRequest.Mode.EXECUTE;
            RolloverRequest request = new RolloverRequest(LinkSpecs.of(loaded.get(), link), true, Optional.ofNullable(lead), mode);
            CompletableFuture<Boolean> prepared = new CompletableFuture<>();
            rt.events().onStep(e -> {
                if (e.linkId().equals(link.id()) && e.step().equals("PREPARED")) {
                    prepared.complete(true);
                }
            });
            CompletableFuture<RolloverResult> result = rt.engine().submit(request);
            if (noWait && !dryRun) {
                CompletableFuture.anyOf(result, prepared).join();
                if (!result.isDone()) {
                    leftBehind(out, rt.engine().stop());
                    return Main.OK;
                }
            }
            RolloverResult r = result.join();
            if (output.json()) {
                Json.print(out, Results.json(r));
            } else {
                Results.line(out, r);
            }
            leftBehind(err, rt.engine().stop());
            return r.ok() ? Main.OK : Main.FAILED;
        } catch (JournalException | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return Main.FAILED;
        }
    }

    /**
     * Says truthfully what this process leaves unfinished: committed keys start on their own at their
     * start-time; verification and retirement are taken on by the next run for the link (or the daemon).
     */
    private static void leftBehind(PrintWriter w, List<RolloverEngine.LeftBehind> left) {
        for (RolloverEngine.LeftBehind l : left) {
            boolean committed = l.state().ordinal() >= TxnState.COMMITTED.ordinal();
            w.println(l.linkId() + ": " + l.state() + " — transaction " + l.txnId() + (committed
                    ? " is committed on both ends; its key starts on its own" + l.start().map(t -> " at " + t).orElse("")
                    + ". Verification and retirement happen on the next qkd-macsec run for this link (or in the daemon)."
                    : " was interrupted; the next qkd-macsec run for this link reads both ends and finishes or undoes it."));
        }
        w.flush();
    }
}
