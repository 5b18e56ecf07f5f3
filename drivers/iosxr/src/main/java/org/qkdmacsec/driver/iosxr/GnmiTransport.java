package org.qkdmacsec.driver.iosxr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.qkdmacsec.gnmi.CapabilityResponse;
import org.qkdmacsec.gnmi.Encoding;
import org.qkdmacsec.gnmi.GetRequest;
import org.qkdmacsec.gnmi.GetResponse;
import org.qkdmacsec.gnmi.ModelData;
import org.qkdmacsec.gnmi.Notification;
import org.qkdmacsec.gnmi.Path;
import org.qkdmacsec.gnmi.PathElem;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.TypedValue;
import org.qkdmacsec.gnmi.Update;
import org.qkdmacsec.gnmi.ext.Commit;
import org.qkdmacsec.gnmi.ext.CommitCancel;
import org.qkdmacsec.gnmi.ext.CommitConfirm;
import org.qkdmacsec.gnmi.ext.CommitRequest;
import org.qkdmacsec.gnmi.ext.Extension;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.MkaSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IOS-XR over gNMI. Reads are Get in JSON_IETF; a change is one Set, sent at commit time (gNMI has no
 * candidate datastore). With the commit-confirmed extension the Set carries
 * {@code Commit{id, commit{rollback_duration}}}, and confirm/cancel are further Sets with the same id.
 *
 * <p>The extension counts as advertised when the Capabilities response carries an
 * {@code Extension} whose {@code commit} member is set (the extension specification defines no other
 * signal), or when the inventory says so ({@code gnmi-commit-confirmed}).
 *
 * <p>The commit id is fixed per device ({@code qkd-macsec:<device>}): a target holds one pending
 * commit at a time, and a controller restarted mid-transaction can still confirm its own commit
 * (an empty change committed plainly sends {@code confirm} with that id) but never someone else's.
 */
final class GnmiTransport implements XrTransport {
    private static final Logger LOG = LoggerFactory.getLogger(GnmiTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String device;
    private final String commitId;
    private final GnmiClient client;
    private final DriverContext context;
    private final boolean commitConfirmed;
    private final String gnmiVersion;
    private Pending pending;

    /** @param settlesTrial a commit of this session still awaits confirmation: this change's plain commit confirms it first */
    private record Pending(String handle, SetRequest request, boolean awaitingConfirm, boolean empty, boolean settlesTrial) {
        Pending(String handle, SetRequest request, boolean awaitingConfirm, boolean empty) {
            this(handle, request, awaitingConfirm, empty, false);
        }
    }

    private GnmiTransport(String device, GnmiClient client, DriverContext context, boolean commitConfirmed,
                          String gnmiVersion) {
        this.device = device;
        this.commitId = "qkd-macsec:" + device;
        this.client = client;
        this.context = context;
        this.commitConfirmed = commitConfirmed;
        this.gnmiVersion = gnmiVersion;
    }

    /**
     * Connects and checks Capabilities.
     *
     * @throws DriverException UNSUPPORTED when the device lacks the key-chain model or JSON_IETF
     */
    static GnmiTransport open(DeviceTarget target, IosXrOptions options, DriverContext context, Redactor redactor) {
        GnmiClient client = GnmiClient.open(target, options, context, redactor);
        try {
            CapabilityResponse caps = client.capabilities(context.connectTimeout().plus(context.rpcTimeout()));
            List<String> models = caps.getSupportedModelsList().stream().map(ModelData::getName).toList();
            if (!models.contains(XrPaths.KEY_CHAIN_MODEL)) {
                throw new DriverException(Kind.UNSUPPORTED, target.name(), "gNMI Capabilities do not list YANG model "
                        + XrPaths.KEY_CHAIN_MODEL + " (" + models.size() + " models advertised" + sample(models)
                        + "): the MACsec key chain cannot be configured over gNMI on this device; upgrade it, or set"
                        + " transport: cli");
            }
            if (!caps.getSupportedEncodingsList().isEmpty() && !caps.getSupportedEncodingsList().contains(Encoding.JSON_IETF)) {
                throw new DriverException(Kind.UNSUPPORTED, target.name(), "gNMI Capabilities do not list encoding"
                        + " JSON_IETF (advertised: " + caps.getSupportedEncodingsList() + ")");
            }
            boolean advertised = caps.getExtensionList().stream().anyMatch(Extension::hasCommit);
            boolean confirmed = options.gnmiCommitConfirmed().orElse(advertised);
            LOG.info("{}: gNMI {} up on port {} ({} models; commit-confirmed extension {}{})", target.name(),
                    caps.getGNMIVersion(), options.gnmiPort(), models.size(), advertised ? "advertised" : "not advertised",
                    options.gnmiCommitConfirmed().isPresent() ? ", inventory says " + confirmed : "");
            return new GnmiTransport(target.name(), client, context, confirmed, caps.getGNMIVersion());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "gnmi";
    }

    @Override
    public boolean commitConfirmed() {
        return commitConfirmed;
    }

    String gnmiVersion() {
        return gnmiVersion;
    }

    @Override
    public ClockReading readClock() {
        Instant before = context.clock().instant();
        GetResponse response = client.get(get(XrPaths.systemTime(), GetRequest.DataType.ALL));
        Instant after = context.clock().instant();
        Instant mid = before.plus(Duration.between(before, after).dividedBy(2));
        return parse("system-time", response, (value) -> OperJson.clock(value, mid)).get(0);
    }

    @Override
    public ChainRead readChain(String chain) {
        Optional<GetResponse> found = getIfPresent(XrPaths.chain(chain), GetRequest.DataType.CONFIG);
        if (found.isEmpty()) {
            return ChainRead.absent();
        }
        GetResponse response = found.get();
        for (Notification n : response.getNotificationList()) {
            for (Update u : n.getUpdateList()) {
                JsonNode value = value("key chain " + chain, u.getVal());
                ChainRead read = endsAtChain(n.getPrefix(), u.getPath(), chain)
                        ? KeyChainJson.parseChain(value) : KeyChainJson.parse(value, chain);
                if (read.exists()) {
                    return read;
                }
            }
        }
        return ChainRead.absent();
    }

    @Override
    public List<MkaSession> readMka(String interfaceName) {
        Optional<GetResponse> response = getIfPresent(XrPaths.mkaSession(interfaceName), GetRequest.DataType.ALL);
        List<MkaSession> out = new ArrayList<>();
        response.ifPresent(r -> parse("MKA session of " + interfaceName, r, v -> OperJson.mka(v, interfaceName))
                .forEach(out::addAll));
        return out;
    }

    /** One Get of the interface's configuration: its psk-keychain binding and description together. */
    @Override
    public InterfaceRead readInterface(String interfaceName) {
        Optional<GetResponse> response = getIfPresent(XrPaths.interfaceConfig(interfaceName), GetRequest.DataType.CONFIG);
        if (response.isEmpty()) {
            return InterfaceRead.none();
        }
        for (Notification n : response.get().getNotificationList()) {
            for (Update u : n.getUpdateList()) {
                InterfaceRead r = InterfaceRead.parse(value("interface " + interfaceName, u.getVal()));
                if (r.binding().isPresent() || r.description().isPresent()) {
                    return r;
                }
            }
        }
        return InterfaceRead.none();
    }

    @Override
    public String stage(String handle, List<ChainChange> changes) {
        if (pending != null && !pending.awaitingConfirm()) {
            throw new DriverException(Kind.LOCKED, device, "gNMI change " + pending.handle() + " is still staged; commit or discard it first");
        }
        boolean empty = changes.stream().allMatch(ChainChange::isEmpty);
        // A change staged while our previous commit awaits confirmation (a controller undoing or settling it)
        // confirms that commit before its own Set, as a plain commit on the CLI would.
        pending = new Pending(handle, ChainSet.request(changes), false, empty, pending != null);
        String diff = empty ? "" : ChainSet.describe(changes);
        LOG.debug("{}: gNMI Set staged as {}:\n{}", device, handle, diff);
        return diff;
    }

    @Override
    public void commit(String handle, Duration confirmWithin) {
        Pending p = expect(handle, false);
        if (p.empty()) {
            pending = null;
            settle();
            return;
        }
        if (p.settlesTrial()) {
            settle(); // our earlier commit, if it still awaits confirmation (the device may have rolled it back)
        }
        if (confirmWithin.isZero()) {
            try {
                client.set(p.request());
            } finally {
                pending = null; // applied, or rejected as a whole: either way nothing is left staged
            }
            LOG.info("{}: gNMI Set {} committed", device, handle);
            return;
        }
        if (!commitConfirmed) {
            throw new DriverException(Kind.UNSUPPORTED, device, "the device does not advertise the gNMI"
                    + " commit-confirmed extension; commit " + handle + " with a zero window or use the CLI");
        }
        long seconds = effectiveWindow(confirmWithin).toSeconds();
        SetRequest request = p.request().toBuilder()
                .addExtension(commitExtension(Commit.newBuilder().setId(commitId).setCommit(CommitRequest.newBuilder()
                        .setRollbackDuration(com.google.protobuf.Duration.newBuilder().setSeconds(seconds)))))
                .build();
        try {
            client.set(request);
        } catch (DriverException e) {
            pending = null;
            throw e;
        }
        pending = new Pending(handle, SetRequest.getDefaultInstance(), true, false);
        LOG.info("{}: gNMI Set {} committed, rolls back in {} s unless confirmed", device, handle, seconds);
    }

    @Override
    public void confirm(String handle) {
        expect(handle, true);
        client.set(SetRequest.newBuilder()
                .addExtension(commitExtension(Commit.newBuilder().setId(commitId).setConfirm(CommitConfirm.getDefaultInstance())))
                .build());
        pending = null;
        LOG.info("{}: gNMI commit {} confirmed", device, handle);
    }

    @Override
    public void discard(String handle) {
        if (pending == null || !pending.handle().equals(handle)) {
            return;
        }
        if (pending.awaitingConfirm()) {
            cancel(handle);
        }
        pending = null;
    }

    @Override
    public void close() {
        try {
            if (pending != null && pending.awaitingConfirm()) {
                LOG.warn("{}: closing with gNMI commit {} unconfirmed: cancelling it", device, pending.handle());
                cancel(pending.handle());
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: could not cancel gNMI commit {}; the device rolls it back when its window ends: {}",
                    device, pending.handle(), e.getMessage());
        } finally {
            pending = null;
            client.close();
        }
    }

    /** Cancels our pending commit; FAILED_PRECONDITION means the device already rolled it back. */
    private void cancel(String handle) {
        try {
            client.set(SetRequest.newBuilder()
                    .addExtension(commitExtension(Commit.newBuilder().setId(commitId).setCancel(CommitCancel.getDefaultInstance())))
                    .build());
            LOG.info("{}: gNMI commit {} cancelled", device, handle);
        } catch (DriverException e) {
            if (e.kind() != Kind.LOCKED) {
                throw e;
            }
            LOG.info("{}: gNMI commit {} was no longer pending (rolled back at the end of its window)", device, handle);
        }
    }

    /** gNMI counts whole seconds. */
    static Duration effectiveWindow(Duration requested) {
        return Duration.ofSeconds(Math.max(1, (requested.toMillis() + 999) / 1000));
    }

    /**
     * Confirms our commit if one is still pending (after a controller restart). FAILED_PRECONDITION
     * means nothing awaits confirmation; INVALID_ARGUMENT (another client's commit) is an error.
     */
    private void settle() {
        if (!commitConfirmed) {
            return;
        }
        try {
            client.set(SetRequest.newBuilder()
                    .addExtension(commitExtension(Commit.newBuilder().setId(commitId).setConfirm(CommitConfirm.getDefaultInstance())))
                    .build());
            LOG.info("{}: a pending gNMI commit {} was confirmed", device, commitId);
        } catch (DriverException e) {
            if (e.kind() != Kind.LOCKED) {
                throw e;
            }
            LOG.debug("{}: no gNMI commit awaited confirmation", device);
        }
    }

    private Pending expect(String handle, boolean awaitingConfirm) {
        if (pending == null || !pending.handle().equals(handle)) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "no gNMI change " + handle + " is staged");
        }
        if (pending.awaitingConfirm() != awaitingConfirm) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "gNMI change " + handle
                    + (pending.awaitingConfirm() ? " was already committed and awaits confirmation" : " was not committed with a confirm window"));
        }
        return pending;
    }

    private static Extension commitExtension(Commit.Builder commit) {
        return Extension.newBuilder().setCommit(commit).build();
    }

    /** A Get whose NOT_FOUND (nothing configured or running there) is an empty answer. */
    private Optional<GetResponse> getIfPresent(Path path, GetRequest.DataType type) {
        try {
            return Optional.of(client.get(get(path, type)));
        } catch (DriverException e) {
            if (e.getCause() instanceof io.grpc.StatusRuntimeException s
                    && s.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static GetRequest get(Path path, GetRequest.DataType type) {
        return GetRequest.newBuilder().addPath(path).setType(type).setEncoding(Encoding.JSON_IETF).build();
    }

    private <T> List<T> parse(String what, GetResponse response, Function<JsonNode, T> reader) {
        List<T> out = new ArrayList<>();
        for (Notification n : response.getNotificationList()) {
            for (Update u : n.getUpdateList()) {
                try {
                    out.add(reader.apply(value(what, u.getVal())));
                } catch (IllegalArgumentException e) {
                    throw new DriverException(Kind.PROTOCOL, device, "gNMI Get of " + what + ": " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new DriverException(Kind.PROTOCOL, device, "gNMI Get of " + what + " returned no data");
        }
        return out;
    }

    private JsonNode value(String what, TypedValue val) {
        ByteString bytes = switch (val.getValueCase()) {
            case JSON_IETF_VAL -> val.getJsonIetfVal();
            case JSON_VAL -> val.getJsonVal();
            default -> throw new DriverException(Kind.PROTOCOL, device, "gNMI Get of " + what
                    + " answered with " + val.getValueCase() + " instead of JSON_IETF");
        };
        try {
            return JSON.readTree(bytes.toByteArray());
        } catch (IOException e) {
            throw new DriverException(Kind.PROTOCOL, device, "gNMI Get of " + what + ": value is not JSON", e);
        }
    }

    private static boolean endsAtChain(Path prefix, Path path, String chain) {
        List<PathElem> elems = new ArrayList<>(prefix.getElemList());
        elems.addAll(path.getElemList());
        if (elems.isEmpty()) {
            return false;
        }
        PathElem last = elems.get(elems.size() - 1);
        String name = last.getName().substring(last.getName().indexOf(':') + 1);
        return name.equals("chain") && chain.equals(last.getKeyMap().get("key-chain-name"));
    }

    private static String sample(List<String> models) {
        return models.isEmpty() ? "" : ", e.g. " + String.join(", ", models.subList(0, Math.min(3, models.size())))
                .replace("\n", " ");
    }
}
