package org.qkdmacsec.driver.linux;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.Activation;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.Capabilities;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys a Linux MACsec link with static SAs through iproute2 ({@link Activation#IMMEDIATE}).
 *
 * <p>A rollover, as the engine drives it: {@link #stage} + {@link #commit} of a one-key plan installs
 * the new receive SA and the new (not yet used) transmit SA at the next association number, with a
 * SAK both ends derive from the CAK ({@link SaKeys}); {@link #activate} switches {@code encodingsa}
 * once both ends can receive with the new key; a later plan removing the old CKN deletes the old SAs.
 * Nothing here needs MKA, so {@link #readMka} reports SA state and receive error counters instead.
 */
final class LinuxMacsecDriver implements MacsecDriver {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxMacsecDriver.class);
    private static final Pattern CKN = Pattern.compile("([0-9a-f]{2}){1,32}");
    static final int MAX_KEYS = 2;

    private final String device;
    private final DriverContext context;
    private final IpTool ip;
    private final String where;
    private final Map<String, Pending> staged = new HashMap<>();
    private final Map<String, Pending> committed = new HashMap<>();
    private long sequence;

    LinuxMacsecDriver(String device, DriverContext context, IpTool ip) {
        this.device = device;
        this.context = context;
        this.ip = ip;
        this.where = ip.netns().map(n -> " in network namespace " + n).orElse("") + " (" + ip.runner().describe() + ")";
    }

    /** A key installed by a commit: enough to find and remove it again. */
    private record Installed(int an, String ckn, Sci peer, boolean createdDevice, MacsecAlias priorAlias) { }

    /** A staged change: the commands (with the derived keys) and the state they were planned on. */
    private record Pending(Candidate candidate, PortSettings settings, Batch batch, String fingerprint,
                           Optional<Installed> added, Map<Integer, String> removed, List<SaKeys> keys) implements AutoCloseable {
        @Override
        public void close() {
            keys.forEach(SaKeys::close);
        }
    }

    // --- getters ---------------------------------------------------------------------------------------

    @Override
    public synchronized DeviceFacts facts() {
        Instant before = context.clock().instant();
        CommandRunner.Output o = ip.runner().run(List.of("sh", "-c", "uname -n; uname -r; uname -m; date -u +%s.%N; date +%z;"
                + " timedatectl show -p NTPSynchronized --value 2>/dev/null || echo unknown"), new byte[0], context.rpcTimeout());
        Instant after = context.clock().instant();
        String[] l = o.stdout().split("\n");
        if (o.exitCode() != 0 || l.length < 6) {
            throw new DriverException(DriverException.Kind.PROTOCOL, device, "cannot read uname/date" + where + ": "
                    + IpTool.scrub(o.stderr() + o.stdout()));
        }
        try {
            String[] t = l[3].trim().split("\\.");
            long nanos = t.length > 1 && t[1].matches("\\d{9}") ? Long.parseLong(t[1]) : 0; // busybox date has no %N
            Instant deviceTime = Instant.ofEpochSecond(Long.parseLong(t[0]), nanos);
            ZoneId zone = ZoneOffset.of(l[4].trim());
            return new DeviceFacts(l[0].trim(), "linux", l[2].trim(), l[1].trim(), deviceTime,
                    before.plus(Duration.between(before, after).dividedBy(2)), zone, l[5].trim().equals("yes"));
        } catch (RuntimeException e) {
            throw new DriverException(DriverException.Kind.PROTOCOL, device, "unexpected uname/date output" + where + ": "
                    + String.join(" | ", l), e);
        }
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Activation.IMMEDIATE, false, false, MAX_KEYS, EnumSet.allOf(CipherSuite.class), true);
    }

    @Override
    public synchronized KeyChainView readKeys(Port port) {
        PortSettings s = PortSettings.of(port, device);
        PortView v = PortView.of(ip.read(), s, device, where);
        List<KeySlot> slots = new ArrayList<>();
        v.record().slots().forEach((an, slot) -> slots.add(slot(an, slot.ckn())));
        v.foreignSas().forEach((an, keyId) -> slots.add(slot(an, keyId)));
        LinuxPeer forPeer = new LinuxPeer(Optional.of(v.ownSci()), v.nextAn(), v.record());
        return new KeyChainView(port.keyChain(), v.secy().map(y -> port.connectivityAssociation()), slots,
                v.sendingCkn(), v.newestReceivingCkn(), Optional.of(forPeer), v.description());
    }

    private static KeySlot slot(int an, String ckn) {
        return new KeySlot(Integer.toString(an), ckn, Optional.empty(), Optional.empty());
    }

    /** One entry per key of ours ({@link SaStatus}). */
    @Override
    public synchronized List<MkaSession> readMka(Port port) {
        PortSettings s = PortSettings.of(port, device);
        PortView v = PortView.of(ip.read(), s, device, where);
        if (v.secy().isEmpty()) {
            return List.of();
        }
        return SaStatus.of(s, v);
    }

    // --- changes -----------------------------------------------------------------------------------------

    @Override
    public synchronized Candidate stage(Port port, KeyPlan plan) {
        PortSettings s = PortSettings.of(port, device);
        if (!plan.endChanges().isEmpty()) {
            throw PortSettings.invalid(device, "Linux SAs have no lifetimes; a plan for this driver has no end-time changes");
        }
        if (plan.adds().size() > 1) {
            throw PortSettings.invalid(device, "this driver installs one key per plan (got " + plan.adds().size() + ")");
        }
        for (KeyPlan.Add a : plan.adds()) {
            checkCkn(a.ckn());
            if (a.cak().length() != s.cipher().cakBytes()) {
                throw PortSettings.invalid(device, "the CAK for " + a.ckn() + " is " + a.cak().length() + " bytes; "
                        + s.cipher().wireName() + " needs " + s.cipher().cakBytes());
            }
        }
        plan.removes().forEach(r -> checkCkn(r.ckn()));

        PortView v = PortView.of(ip.read(), s, device, where);
        Batch batch = new Batch();
        List<String> notes = new ArrayList<>();
        List<SaKeys> keys = new ArrayList<>();
        SlotRecord record = v.record();
        Map<Integer, String> removed = new LinkedHashMap<>();
        try {
            for (KeyPlan.Remove r : plan.removes()) {
                Optional<Integer> an = record.anOf(r.ckn());
                if (an.isEmpty()) {
                    notes.add("# " + r.ckn() + " is not installed: nothing to remove");
                    continue;
                }
                removeLines(batch, s, v, an.get(), r.ckn(), true);
                record = record.without(an.get());
                removed.put(an.get(), r.ckn());
            }
            Optional<Installed> added = Optional.empty();
            boolean created = false;
            for (KeyPlan.Add a : plan.adds()) {
                if (v.record().anOf(a.ckn()).isPresent()) {
                    notes.add("# " + a.ckn() + " is already installed at AN " + v.record().anOf(a.ckn()).get());
                    continue;
                }
                created = v.secy().isEmpty();
                if (created) {
                    SaCommands.createSecY(batch, s);
                } else {
                    checkCipher(s, v.secy().get());
                    SaCommands.enforcePolicy(batch, s, v.secy().get());
                }
                InstallPlan in = InstallPlan.of(device, s, v, a.ckn(), MAX_KEYS);
                SaKeys k = SaKeys.derive(a.cak(), a.ckn(), v.ownSci(), in.peer(), in.kn(), s.cipher());
                keys.add(k);
                SaCommands.install(batch, s, v.secy().flatMap(y -> y.rxSc(in.peer())).isPresent(), v.ownSci(), in.peer(),
                        in.an(), in.kn(), k);
                added = Optional.of(new Installed(in.an(), a.ckn(), in.peer(), created, new MacsecAlias(v.description(), v.record())));
                record = record.with(in.an(), a.ckn(), in.kn()).withBaseline(v.receiveErrors());
            }
            if (!removed.isEmpty() && added.isEmpty()) {
                record = record.withBaseline(v.receiveErrors()); // the rollover ends with the old key's removal
            }
            Optional<String> description = plan.description().or(v::description);
            if (plan.description().isPresent()) {
                MacsecAlias.checkDescription(device, plan.description().get(), record);
                if (v.secy().isEmpty() && batch.isEmpty()) {
                    throw PortSettings.invalid(device, "MACsec device '" + s.macsecDevice() + "' does not exist" + where
                            + "; its description (alias) can only be set with or after its first key");
                }
            }
            if (!batch.isEmpty() || !description.equals(v.description())) {
                SaCommands.alias(batch, s.macsecDevice(), new MacsecAlias(description, record));
            }
            if (created) {
                SaCommands.up(batch, s.macsecDevice());
            }
            String id = device + "#" + (++sequence);
            StringBuilder diff = new StringBuilder();
            notes.forEach(n -> diff.append(n).append('\n'));
            diff.append(batch.redacted());
            Candidate c = new Candidate(id, device, port, diff.toString(), context.clock().instant());
            staged.put(id, new Pending(c, s, batch, v.fingerprint(), added, Map.copyOf(removed), List.copyOf(keys)));
            LOG.debug("{}: staged {} ({} command(s))", device, id, batch.size());
            return c;
        } catch (RuntimeException e) {
            keys.forEach(SaKeys::close);
            throw e;
        }
    }

    /** An adopted SecY must already have the link's cipher: the kernel cannot change it. */
    private void checkCipher(PortSettings s, IpState.SecY y) {
        if (!y.cipher().equals(s.cipher().wireName())) {
            throw PortSettings.invalid(device, "MACsec device '" + s.macsecDevice() + "' uses " + y.cipher() + " but the link"
                    + " is " + s.cipher().wireName() + where + "; the kernel cannot change a SecY's cipher (recreate it)");
        }
    }

    /** Deletes the SAs of {@code ckn} at {@code an}, refusing the one the device transmits with. */
    private void removeLines(Batch b, PortSettings s, PortView v, int an, String ckn, boolean refuseSending) {
        IpState.SecY y = v.secy().orElseThrow();
        String id = SaKeys.keyIdOf(ckn);
        if (refuseSending && y.encodingSa() == an && y.txSa(an).map(t -> t.keyId().equals(id)).orElse(false)) {
            throw PortSettings.invalid(device, "cannot remove " + ckn + ": " + s.macsecDevice() + " transmits with it (AN " + an
                    + "); activate another key first");
        }
        SaCommands.delete(b, s.macsecDevice(), y, an, id);
    }

    @Override
    public synchronized void commit(Candidate candidate, Duration confirmWithin) {
        Pending p = staged.remove(candidate.id());
        if (p == null) {
            throw PortSettings.invalid(device, "candidate " + candidate.id() + " is not staged on this session"
                    + (committed.containsKey(candidate.id()) ? " (already committed)" : ""));
        }
        try (p) {
            if (!confirmWithin.isZero()) {
                throw new DriverException(DriverException.Kind.UNSUPPORTED, device, "Linux has no commit confirmed"
                        + " (capabilities: commitConfirmed=false); commit with a zero window");
            }
            if (p.batch().isEmpty()) {
                committed.put(candidate.id(), p);
                return;
            }
            PortView before = PortView.of(ip.read(), p.settings(), device, where);
            if (!before.fingerprint().equals(p.fingerprint())) {
                throw new DriverException(DriverException.Kind.COMMIT_FAILED, device, p.settings().macsecDevice()
                        + " changed between stage and commit" + where + "; stage again");
            }
            try {
                PortView after = PortView.of(ip.applyAndRead(p.batch()), p.settings(), device, where);
                p.added().ifPresent(in -> {
                    if (after.record().anOf(in.ckn()).isEmpty() || after.receivingPeers(in.an(), in.ckn()).isEmpty()) {
                        throw new DriverException(DriverException.Kind.COMMIT_FAILED, device, "after the commit "
                                + p.settings().macsecDevice() + " does not show key " + in.ckn() + " at AN " + in.an());
                    }
                });
                p.removed().forEach((an, ckn) -> {
                    if (after.hasSa(an, SaKeys.keyIdOf(ckn))) {
                        throw new DriverException(DriverException.Kind.COMMIT_FAILED, device, "after the commit "
                                + p.settings().macsecDevice() + " still holds an SA of key " + ckn + " at AN " + an);
                    }
                });
            } catch (DriverException e) {
                p.added().ifPresent(in -> undoInstall(p.settings(), in));
                throw new DriverException(DriverException.Kind.COMMIT_FAILED, device, withoutDevice(e)
                        + (p.added().isPresent() ? "; the partly installed key was removed again" : ""), e);
            }
            committed.put(candidate.id(), p);
            LOG.info("{}: committed {}{}", device, candidate.id(), p.added().map(in -> ": key " + in.ckn() + " at AN " + in.an()).orElse(""));
        }
    }

    /** Immediate activation: nothing to confirm. */
    @Override
    public void confirm(Candidate candidate) {
        // commitConfirmed=false
    }

    @Override
    public synchronized void discard(Candidate candidate) {
        Pending p = staged.remove(candidate.id());
        if (p != null) {
            p.close();
            return;
        }
        Pending done = committed.get(candidate.id());
        if (done == null) {
            LOG.debug("{}: discard of unknown candidate {} (nothing of it was applied by this session)", device, candidate.id());
            return;
        }
        if (!done.removed().isEmpty()) {
            throw PortSettings.invalid(device, "candidate " + candidate.id() + " removed keys when committed; that cannot"
                    + " be undone (the key material is gone)");
        }
        if (done.added().isPresent()) {
            Installed in = done.added().get();
            PortView v = PortView.of(ip.read(), done.settings(), device, where);
            if (v.secy().map(y -> y.encodingSa() == in.an()).orElse(false) && v.sendingCkn().map(in.ckn()::equals).orElse(false)) {
                throw PortSettings.invalid(device, "key " + in.ckn() + " of candidate " + candidate.id() + " is already"
                        + " transmitting; activate the previous key before removing it");
            }
            undoInstall(done.settings(), in);
        }
        committed.remove(candidate.id());
    }

    /** Removes what an install put on the device (SAs, and the device if the install created it). */
    private void undoInstall(PortSettings s, Installed in) {
        PortView v = PortView.of(ip.read(), s, device, where);
        Batch b = new Batch();
        if (v.secy().isPresent()) {
            if (in.createdDevice() && v.occupiedAns().stream().allMatch(an -> an == in.an())) {
                SaCommands.delete(b, s.macsecDevice());
            } else {
                removeLines(b, s, v, in.an(), in.ckn(), false);
                SaCommands.alias(b, s.macsecDevice(), in.priorAlias());
            }
        }
        // -force: carry on past lines whose SA never got installed.
        ip.apply(b, true);
    }

    @Override
    public synchronized void activate(Port port, String ckn) {
        checkCkn(ckn);
        PortSettings s = PortSettings.of(port, device);
        PortView v = PortView.of(ip.read(), s, device, where);
        int an = v.record().anOf(ckn).orElseThrow(() -> PortSettings.invalid(device, "key " + ckn + " is not installed on "
                + s.macsecDevice() + where));
        IpState.SecY y = v.secy().orElseThrow();
        if (!y.txSa(an).map(t -> t.active() && t.keyId().equals(SaKeys.keyIdOf(ckn))).orElse(false)) {
            throw PortSettings.invalid(device, "key " + ckn + " has no active transmit SA at AN " + an);
        }
        if (v.receivingPeers(an, ckn).isEmpty()) {
            throw PortSettings.invalid(device, "key " + ckn + " has no active receive SA at AN " + an
                    + "; install it on both ends before switching");
        }
        if (y.encodingSa() == an) {
            return;
        }
        Batch b = new Batch();
        SaCommands.switchTo(b, s.macsecDevice(), an);
        IpState after = ip.applyAndRead(b);
        int now = after.secy(s.macsecDevice()).map(IpState.SecY::encodingSa).orElse(-1);
        if (now != an) {
            throw new DriverException(DriverException.Kind.PROTOCOL, device, s.macsecDevice() + " reports encoding AN " + now
                    + " after switching to " + an);
        }
        LOG.info("{}: {} transmits with key {} (AN {})", device, s.macsecDevice(), ckn, an);
    }

    private String withoutDevice(DriverException e) {
        String m = e.getMessage();
        return m.startsWith(device + ": ") ? m.substring(device.length() + 2) : m;
    }

    private void checkCkn(String ckn) {
        if (!CKN.matcher(ckn).matches()) {
            throw PortSettings.invalid(device, "CKN must be lower-case hex of even length, 2 to 64 digits; got "
                    + ckn.length() + " characters");
        }
    }

    @Override
    public synchronized void close() {
        staged.values().forEach(Pending::close);
        staged.clear();
        committed.clear();
        ip.runner().close();
    }
}
