package org.qkdmacsec.driver.iosxr;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.qkdmacsec.spi.Activation;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.Capabilities;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.PortChange;
import org.qkdmacsec.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IOS-XR MACsec keying. Reads go through the selected transport (gNMI, or the SSH CLI when the
 * inventory says {@code transport: cli} or gNMI is unreachable). Changes go through gNMI when the
 * device advertises the commit-confirmed extension, otherwise through the CLI (its
 * {@code commit confirmed}), and through plain gNMI only when no SSH pin is configured.
 *
 * <p>Inside, every time is a UTC {@link Instant}; lifetimes are rendered in the chain's zone: UTC for
 * {@code timezone gmt}, else the inventory's zone, else the zone read from the device clock.
 */
final class IosXrDriver implements MacsecDriver {
    private static final Logger LOG = LoggerFactory.getLogger(IosXrDriver.class);
    /** No documented per-chain limit for MACsec keys; the engine keeps only a few. */
    static final int MAX_KEYS = 64;

    private final DeviceTarget target;
    private final IosXrOptions options;
    private final DriverContext context;
    private final Redactor redactor;
    private final Function<Secret, char[]> encoder;
    private final Optional<GnmiTransport> gnmi;
    private final XrTransport reader;
    private CliTransport cli;
    private final Map<String, Staged> candidates = new HashMap<>();
    private ZoneId deviceZone;
    private boolean clockViaCli;
    private int sequence;

    /** Where a candidate was staged; an empty one commits plainly and needs no confirmation. */
    private record Staged(XrTransport writer, boolean empty) { }

    IosXrDriver(DeviceTarget target, DriverContext context, Redactor redactor, Function<Secret, char[]> encoder,
                Optional<GnmiTransport> gnmi, CliTransport cli) {
        this.target = target;
        this.options = IosXrOptions.of(target);
        this.context = context;
        this.redactor = redactor;
        this.encoder = encoder;
        this.gnmi = gnmi;
        this.cli = cli;
        this.reader = gnmi.<XrTransport>map(g -> g).orElse(cli);
    }

    static IosXrDriver open(DeviceTarget target, DriverContext context) {
        IosXrOptions options = IosXrOptions.of(target);
        Redactor redactor = new Redactor();
        Optional<GnmiTransport> gnmi = Optional.empty();
        if (options.transport() == IosXrOptions.Transport.GNMI) {
            gnmi = Optional.of(GnmiTransport.open(target, options, context, redactor));
        } else if (options.transport() == IosXrOptions.Transport.AUTO) {
            if (options.gnmiConfigured()) {
                try {
                    gnmi = Optional.of(GnmiTransport.open(target, options, context, redactor));
                } catch (DriverException e) {
                    if (e.kind() != Kind.CONNECT && e.kind() != Kind.TIMEOUT) {
                        throw e;
                    }
                    LOG.warn("{}: gNMI unreachable ({}); falling back to the SSH CLI", target.name(), e.getMessage());
                }
            } else {
                LOG.info("{}: no gnmi-ca in the inventory; using the SSH CLI", target.name());
            }
        }
        CliTransport cli = gnmi.isPresent() ? null : CliTransport.open(target, context, redactor);
        return new IosXrDriver(target, context, redactor, Type7::encodeCak, gnmi, cli);
    }

    /** Which transport reads ({@code gnmi} or {@code cli}). */
    String transport() {
        return reader.name();
    }

    /**
     * Device clock over the reading transport. A gNMI device without the clock model
     * ({@code Cisco-IOS-XR-shellutil-oper}) is asked over the SSH CLI ({@code show clock}) when SSH is
     * pinned; from then on this driver reads the clock there.
     */
    @Override
    public DeviceFacts facts() {
        ClockReading clock = readClock();
        DeviceZones.Reading r = DeviceZones.interpret(clock, target.timeZone());
        deviceZone = r.zone();
        String version = clock.osVersion()
                .orElse(gnmi.map(g -> "unknown (gNMI " + g.gnmiVersion() + ")").orElse("unknown"));
        return new DeviceFacts(clock.hostname(), "iosxr", "IOS-XR", version, r.deviceTime(), clock.observedAt(),
                r.zone(), clock.ntp());
    }

    @Override
    public Capabilities capabilities() {
        boolean confirmed = gnmi.map(g -> g.commitConfirmed() || sshUsable()).orElse(true);
        return new Capabilities(Activation.SCHEDULED, confirmed, true, MAX_KEYS, EnumSet.allOf(CipherSuite.class), true,
                changesViaCli() ? XrBatch.CLI_PORTS : XrBatch.GNMI_PORTS);
    }

    @Override
    public KeyChainView readKeys(Port port) {
        ChainRead chain = reader.readChain(port.keyChain());
        ZoneId zone = lifetimeZone(chain);
        List<KeySlot> slots = new ArrayList<>();
        for (ChainRead.Key k : chain.keys()) {
            Optional<Instant> start = k.start().map(t -> t.toInstant(zone));
            Optional<Instant> end = k.end().map(t -> t.toInstant(zone));
            if (end.isEmpty() && start.isPresent() && k.durationSeconds().isPresent()) {
                end = Optional.of(start.get().plusSeconds(k.durationSeconds().getAsLong()));
            }
            slots.add(new KeySlot(k.ckn(), k.ckn(), start, end));
        }
        Optional<String> active = activeKey(slots, context.clock().instant());
        InterfaceRead iface = reader.readInterface(port.interfaceName());
        return new KeyChainView(port.keyChain(), iface.binding().map(PskBinding::keychain), slots, active, active, Optional.empty(),
                iface.description());
    }

    @Override
    public List<MkaSession> readMka(Port port) {
        return reader.readMka(port.interfaceName());
    }

    /**
     * Staging an empty plan is how the engine settles, after a restart, a commit of ours that may
     * still await confirmation: committing it plainly confirms that commit (gNMI: confirm with our
     * commit id; CLI: a plain {@code commit}).
     *
     * <p>A plan that adds keys to a chain the interface is not bound to binds it in the same change
     * ({@code macsec psk-keychain}, with the {@code macsec-policy} option if set); an interface bound to
     * another chain is refused (INVALID_REQUEST, nothing sent). The plan's description is set in the
     * same change (the same gNMI Set, or the same CLI commit).
     */
    @Override
    public Candidate stage(Port port, KeyPlan plan) {
        return stage(List.of(new PortChange(port, plan)));
    }

    /**
     * Several ports as one change: every plan checked first, then each port's chain and interface read as
     * today, then one gNMI SetRequest (all or nothing) or one {@code configure exclusive} session with every
     * port's lines and one {@code commit}. A refused line aborts the whole session; a refused Set applies
     * nothing of any port. Up to {@link XrBatch#GNMI_PORTS} ports over gNMI, {@link XrBatch#CLI_PORTS} over the CLI.
     */
    @Override
    public Candidate stage(List<PortChange> portChanges) {
        boolean viaCli = changesViaCli();
        XrBatch.check(target.name(), portChanges, viaCli ? XrBatch.CLI_PORTS : XrBatch.GNMI_PORTS, viaCli ? "the CLI" : "gNMI");
        portChanges.stream().filter(c -> !c.plan().isEmpty())
                .forEach(c -> ChangeBuilder.precheck(target.name(), c.port(), c.plan(), options.macsecPolicy()));
        List<ChainChange> changes = new ArrayList<>();
        try {
            List<ZoneId> zones = new ArrayList<>();
            for (PortChange pc : portChanges) {
                zones.add(build(pc.port(), pc.plan(), changes));
            }
            String id = target.name() + "#" + (++sequence);
            try {
                changes.forEach(c -> c.adds().forEach(a -> redactor.add(a.keyString())));
                for (PortChange pc : portChanges) {
                    for (KeyPlan.Add a : pc.plan().adds()) {
                        char[] hex = a.cak().hexChars();
                        redactor.add(hex);
                        Arrays.fill(hex, '\0');
                    }
                }
                XrTransport writer = writer();
                String diff = writer.stage(id, changes);
                candidates.put(id, new Staged(writer, portChanges.stream().allMatch(c -> c.plan().isEmpty())));
                for (int i = 0; i < changes.size(); i++) {
                    ChainChange change = changes.get(i);
                    Port port = portChanges.get(i).port();
                    LOG.info("{}: staged {} on {} via {} (lifetimes in {}): +{} keys, {} end moves, -{} keys{}{}", target.name(), id,
                            port.keyChain(), writer.name(), zones.get(i), change.adds().size(), change.lifetimes().size(),
                            change.removes().size(), change.bind().isPresent() ? ", binds " + port.interfaceName() : "",
                            change.description().map(d -> ", description '" + d.text() + "'").orElse(""));
                }
                return new Candidate(id, target.name(), portChanges.get(0).port(), diff, context.clock().instant());
            } catch (RuntimeException e) {
                redactor.clear();
                throw e;
            }
        } finally {
            changes.forEach(ChainChange::wipe);
        }
    }

    /** One port's change, from its chain and interface as committed; adds it to {@code out} and returns the lifetimes' zone. */
    private ZoneId build(Port port, KeyPlan plan, List<ChainChange> out) {
        if (plan.isEmpty()) {
            out.add(ChainChange.empty(port.keyChain()));
            return ZoneOffset.UTC;
        }
        ChainRead current = reader.readChain(port.keyChain());
        InterfaceRead iface = plan.adds().isEmpty() && plan.description().isEmpty() ? InterfaceRead.none()
                : reader.readInterface(port.interfaceName());
        ZoneId zone = lifetimeZone(current);
        out.add(ChangeBuilder.build(target.name(), port, plan, current, iface, options.macsecPolicy(), zone,
                context.clock().instant(), encoder));
        return zone;
    }

    @Override
    public void commit(Candidate candidate, Duration confirmWithin) {
        if (confirmWithin.isNegative()) {
            throw new DriverException(Kind.INVALID_REQUEST, target.name(), "negative confirm window " + confirmWithin);
        }
        Staged staged = stagedOf(candidate);
        boolean plain = confirmWithin.isZero() || staged.empty();
        try {
            staged.writer().commit(candidate.id(), plain ? Duration.ZERO : confirmWithin);
        } catch (RuntimeException e) {
            finished(candidate);
            throw e;
        }
        if (plain) {
            finished(candidate);
        }
    }

    @Override
    public Duration effectiveConfirmWindow(Duration requested) {
        if (requested.isZero() || requested.isNegative()) {
            return requested;
        }
        return changesViaCli() ? CliTransport.effectiveWindow(requested) : GnmiTransport.effectiveWindow(requested);
    }

    /** Confirms a commit made with a window; a candidate already settled (empty plan) needs nothing. */
    @Override
    public void confirm(Candidate candidate) {
        Staged staged = candidates.get(candidate.id());
        if (staged == null) {
            throw new DriverException(Kind.INVALID_REQUEST, target.name(), "candidate " + candidate.id()
                    + " is not awaiting confirmation on this driver (never committed with a window, or already"
                    + " confirmed or discarded)");
        }
        try {
            staged.writer().confirm(candidate.id());
        } finally {
            finished(candidate);
        }
    }

    @Override
    public void discard(Candidate candidate) {
        Staged staged = candidates.get(candidate.id());
        if (staged == null) {
            return;
        }
        try {
            staged.writer().discard(candidate.id());
        } finally {
            finished(candidate);
        }
    }

    @Override
    public void close() {
        try {
            gnmi.ifPresent(GnmiTransport::close);
        } finally {
            try {
                if (cli != null) {
                    cli.close();
                }
            } finally {
                candidates.clear();
                redactor.clear();
            }
        }
    }

    private ClockReading readClock() {
        if (clockViaCli) {
            return cli().readClock();
        }
        try {
            return reader.readClock();
        } catch (DriverException e) {
            boolean modelMissing = e.kind() == Kind.DEVICE_ERROR || e.kind() == Kind.UNSUPPORTED || e.kind() == Kind.PROTOCOL;
            if (reader == cli || !modelMissing || !sshUsable()) {
                throw e;
            }
            LOG.info("{}: the clock is not readable over gNMI ({}); reading it over the SSH CLI", target.name(),
                    e.getMessage());
            clockViaCli = true;
            return cli().readClock();
        }
    }

    /**
     * XR sends with the latest-starting key whose lifetime contains now (computed here from the chain,
     * on the controller's clock).
     */
    static Optional<String> activeKey(List<KeySlot> slots, Instant now) {
        return slots.stream()
                .filter(s -> s.start().map(t -> !t.isAfter(now)).orElse(true))
                .filter(s -> s.end().map(t -> t.isAfter(now)).orElse(true))
                .max(Comparator.comparing((KeySlot s) -> s.start().orElse(Instant.MIN)))
                .map(KeySlot::ckn);
    }

    private ZoneId lifetimeZone(ChainRead chain) {
        if (chain.zone().equals(Optional.of(ChainRead.Zone.GMT))) {
            return ZoneOffset.UTC;
        }
        if (target.timeZone().isPresent()) {
            return target.timeZone().get();
        }
        if (deviceZone == null) {
            facts();
        }
        return deviceZone;
    }

    /** Changes go through the CLI: no gNMI, or gNMI without commit-confirmed while SSH is pinned. */
    private boolean changesViaCli() {
        return gnmi.isEmpty() || (!gnmi.get().commitConfirmed() && sshUsable());
    }

    /** gNMI with the commit-confirmed extension, else the CLI when SSH is pinned, else plain gNMI. */
    private XrTransport writer() {
        if (!changesViaCli()) {
            return gnmi.get();
        }
        if (cli == null) {
            LOG.info("{}: the device does not advertise gNMI commit-confirmed; changes go through the SSH CLI",
                    target.name());
        }
        return cli();
    }

    private CliTransport cli() {
        if (cli == null) {
            cli = CliTransport.open(target, context, redactor);
        }
        return cli;
    }

    private boolean sshUsable() {
        DeviceTarget.HostKeyPolicy pin = target.hostKeys();
        return (pin.fingerprint().isPresent() || pin.knownHosts().isPresent())
                && (target.password().isPresent() || target.privateKey().isPresent());
    }

    private Staged stagedOf(Candidate candidate) {
        Staged staged = candidates.get(candidate.id());
        if (staged == null) {
            throw new DriverException(Kind.INVALID_REQUEST, target.name(), "candidate " + candidate.id()
                    + " is not staged on this driver (already committed, confirmed or discarded?)");
        }
        return staged;
    }

    private void finished(Candidate candidate) {
        candidates.remove(candidate.id());
        if (candidates.isEmpty()) {
            redactor.clear();
        }
    }
}
