package org.qkdmacsec.lab.iosxr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.qkdmacsec.gnmi.CapabilityRequest;
import org.qkdmacsec.gnmi.CapabilityResponse;
import org.qkdmacsec.gnmi.Encoding;
import org.qkdmacsec.gnmi.GetRequest;
import org.qkdmacsec.gnmi.GetResponse;
import org.qkdmacsec.gnmi.ModelData;
import org.qkdmacsec.gnmi.Notification;
import org.qkdmacsec.gnmi.Path;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.SetResponse;
import org.qkdmacsec.gnmi.SubscribeRequest;
import org.qkdmacsec.gnmi.SubscribeResponse;
import org.qkdmacsec.gnmi.TypedValue;
import org.qkdmacsec.gnmi.Update;
import org.qkdmacsec.gnmi.UpdateResult;
import org.qkdmacsec.gnmi.gNMIGrpc;
import org.qkdmacsec.gnmi.ext.Commit;
import org.qkdmacsec.gnmi.ext.Extension;

/**
 * The router's gNMI service: Capabilities, Get and Set in JSON_IETF on the modelled configuration
 * subtrees and the MKA oper model. A Set is one transaction (deletes, then replaces, then updates,
 * applied to the committed configuration and committed as a whole, or refused with nothing changed).
 * The commit-confirmed extension follows the openconfig reference (commit, confirm, cancel, set
 * rollback duration) when the router is built to advertise it.
 */
final class GnmiService extends gNMIGrpc.gNMIImplBase {
    static final String GNMI_VERSION = "0.10.0";
    static final Duration DEFAULT_ROLLBACK = Duration.ofMinutes(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final XrDevice device;
    private final boolean commitConfirmed;

    GnmiService(XrDevice device, boolean commitConfirmed) {
        this.device = device;
        this.commitConfirmed = commitConfirmed;
    }

    @Override
    public void capabilities(CapabilityRequest request, StreamObserver<CapabilityResponse> out) {
        CapabilityResponse.Builder r = CapabilityResponse.newBuilder()
                .addSupportedModels(model(XrSchema.KEY_CHAIN_MODULE, "2021-01-05"))
                .addSupportedModels(model(XrSchema.INTERFACE_MODULE, ""))
                .addSupportedModels(model(XrSchema.MACSEC_MODULE, ""))
                .addSupportedModels(model(XrSchema.MKA_OPER_MODULE, "2015-11-09"))
                .addSupportedEncodings(Encoding.JSON_IETF)
                .setGNMIVersion(GNMI_VERSION);
        if (commitConfirmed) {
            r.addExtension(Extension.newBuilder().setCommit(Commit.getDefaultInstance()));
        }
        out.onNext(r.build());
        out.onCompleted();
    }

    private static ModelData model(String name, String version) {
        return ModelData.newBuilder().setName(name).setOrganization("Cisco Systems, Inc.").setVersion(version).build();
    }

    // ------------------------------------------------------------------ Get

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> out) {
        try {
            if (request.getEncoding() != Encoding.JSON_IETF) {
                throw Status.UNIMPLEMENTED.withDescription("encoding " + request.getEncoding() + " is not supported; this router speaks JSON_IETF").asException();
            }
            GetResponse.Builder r = GetResponse.newBuilder();
            long ts = nanos(device.clock().labNow());
            ObjectNode tree = null;
            for (Path p : request.getPathList()) {
                GnmiPath path = parse(request.getPrefix(), p);
                Optional<JsonNode> value;
                if (path.module().equals(XrSchema.MKA_OPER_MODULE)) {
                    value = MkaOperJson.get(path, device);
                } else {
                    tree = tree != null ? tree : ConfigJson.toTree(device.store().committed());
                    value = ConfigTree.get(tree, path);
                }
                JsonNode v = value.orElseThrow(() -> Status.NOT_FOUND.withDescription("no data at " + path).asException());
                r.addNotification(Notification.newBuilder().setTimestamp(ts).setPrefix(request.getPrefix())
                        .addUpdate(Update.newBuilder().setPath(p).setVal(TypedValue.newBuilder().setJsonIetfVal(ByteString.copyFromUtf8(v.toString())))));
            }
            out.onNext(r.build());
            out.onCompleted();
        } catch (YangException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
        } catch (StatusException e) {
            out.onError(e);
        }
    }

    // ------------------------------------------------------------------ Set

    /** Unchecked carrier for a YANG error raised while the change runs inside the store's commit. */
    private static final class ChangeFailed extends RuntimeException {
        private final YangException cause;

        ChangeFailed(YangException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private record Op(GnmiPath path, JsonNode value) {
    }

    @Override
    public void set(SetRequest request, StreamObserver<SetResponse> out) {
        try {
            out.onNext(transact(request));
            out.onCompleted();
        } catch (StatusException e) {
            out.onError(e);
        }
    }

    private SetResponse transact(SetRequest request) throws StatusException {
        SessionRef who = new SessionRef(0, GnmiAuth.USER.get(), "gNMI");
        Optional<Faults.When> drop = device.faults().takeSetDrop();
        if (drop.isPresent() && drop.get() == Faults.When.BEFORE) {
            throw Status.UNAVAILABLE.withDescription("connection reset").asException();
        }
        if (request.getUnionReplaceCount() > 0) {
            throw Status.UNIMPLEMENTED.withDescription("union_replace is not supported").asException();
        }
        Optional<Commit> commit = request.getExtensionList().stream().filter(Extension::hasCommit).map(Extension::getCommit).findFirst();
        if (commit.isPresent() && !commitConfirmed) {
            throw Status.UNIMPLEMENTED.withDescription("the commit confirmed extension is not supported by this router").asException();
        }
        List<GnmiPath> deletes = new ArrayList<>();
        List<Op> replaces = new ArrayList<>();
        List<Op> updates = new ArrayList<>();
        try {
            for (Path p : request.getDeleteList()) {
                deletes.add(configPath(request.getPrefix(), p));
            }
            for (Update u : request.getReplaceList()) {
                replaces.add(new Op(configPath(request.getPrefix(), u.getPath()), json(u)));
            }
            for (Update u : request.getUpdateList()) {
                updates.add(new Op(configPath(request.getPrefix(), u.getPath()), json(u)));
            }
        } catch (YangException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException();
        }
        boolean hasOps = !deletes.isEmpty() || !replaces.isEmpty() || !updates.isEmpty();
        if (commit.isPresent()) {
            handleCommitAction(who, commit.get(), hasOps, change(deletes, replaces, updates));
        } else {
            if (device.store().trial().isPresent()) {
                throw Status.FAILED_PRECONDITION.withDescription("a commit confirmed is pending confirmation; confirm or cancel it first").asException();
            }
            commit(who, change(deletes, replaces, updates), Optional.empty(), null);
        }
        if (drop.isPresent()) {
            throw Status.UNAVAILABLE.withDescription("connection reset").asException();
        }
        SetResponse.Builder r = SetResponse.newBuilder().setPrefix(request.getPrefix()).setTimestamp(nanos(device.clock().labNow()));
        request.getDeleteList().forEach(p -> r.addResponse(UpdateResult.newBuilder().setPath(p).setOp(UpdateResult.Operation.DELETE)));
        request.getReplaceList().forEach(u -> r.addResponse(UpdateResult.newBuilder().setPath(u.getPath()).setOp(UpdateResult.Operation.REPLACE)));
        request.getUpdateList().forEach(u -> r.addResponse(UpdateResult.newBuilder().setPath(u.getPath()).setOp(UpdateResult.Operation.UPDATE)));
        return r.build();
    }

    private void handleCommitAction(SessionRef who, Commit c, boolean hasOps, UnaryOperator<XrConfig> change) throws StatusException {
        if (c.getId().isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("commit extension: 'id' is required").asException();
        }
        ConfigStore store = device.store();
        try {
            switch (c.getActionCase()) {
                case COMMIT -> {
                    if (store.trial().isPresent()) {
                        throw Status.FAILED_PRECONDITION.withDescription("a commit confirmed is already pending confirmation").asException();
                    }
                    Duration d = c.getCommit().hasRollbackDuration() ? duration(c.getCommit().getRollbackDuration()) : DEFAULT_ROLLBACK;
                    if (d.isZero() || d.isNegative()) {
                        throw Status.INVALID_ARGUMENT.withDescription("commit extension: rollback_duration must be greater than 0").asException();
                    }
                    commit(who, change, Optional.of(d), c.getId());
                }
                case CONFIRM, CANCEL, SET_ROLLBACK_DURATION -> {
                    if (hasOps) {
                        throw Status.INVALID_ARGUMENT.withDescription("commit extension: " + c.getActionCase().name().toLowerCase()
                                + " takes no deletes, replaces or updates").asException();
                    }
                    if (c.getActionCase() == Commit.ActionCase.CONFIRM) {
                        store.confirm(who, c.getId());
                    } else if (c.getActionCase() == Commit.ActionCase.CANCEL) {
                        store.cancel(who, c.getId());
                    } else {
                        Duration d = duration(c.getSetRollbackDuration().getRollbackDuration());
                        if (!c.getSetRollbackDuration().hasRollbackDuration() || d.isZero() || d.isNegative()) {
                            throw Status.INVALID_ARGUMENT.withDescription("commit extension: rollback_duration must be given and greater than 0").asException();
                        }
                        store.setRollbackDuration(who, c.getId(), d);
                    }
                }
                default -> throw Status.INVALID_ARGUMENT.withDescription("commit extension: no action given").asException();
            }
        } catch (CommitRefusedException e) {
            // Per the extension's reference: no commit pending is FAILED_PRECONDITION, a different id INVALID_ARGUMENT.
            if (c.getActionCase() != Commit.ActionCase.COMMIT && e.reason() == CommitRefusedException.Reason.TRIAL_PENDING) {
                throw Status.INVALID_ARGUMENT.withDescription("commit extension: " + e.getMessage()).asException();
            }
            throw refused(e);
        }
    }

    private void commit(SessionRef who, UnaryOperator<XrConfig> change, Optional<Duration> confirm, String id) throws StatusException {
        try {
            device.store().commit(who, change, confirm, id);
        } catch (ChangeFailed e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.cause.getMessage()).asException();
        } catch (ConfigRejectedException e) {
            throw Status.INVALID_ARGUMENT.withDescription(CliSession.FAILED_COMMIT.substring(2, CliSession.FAILED_COMMIT.indexOf(" Please"))
                    + " " + String.join("; ", e.errors().stream().map(ConfigError::oneLine).toList())).asException();
        } catch (CommitRefusedException e) {
            throw refused(e);
        }
    }

    private static StatusException refused(CommitRefusedException e) {
        Status s = switch (e.reason()) {
            case LOCKED, FAULT -> Status.ABORTED;
            case TRIAL_PENDING -> Status.FAILED_PRECONDITION;
            case NO_TRIAL -> Status.FAILED_PRECONDITION;
        };
        return s.withDescription("Failed to commit: " + e.getMessage()).asException();
    }

    /** The Set as one change: on a copy of the tree, deletes, then replaces, then updates. */
    private UnaryOperator<XrConfig> change(List<GnmiPath> deletes, List<Op> replaces, List<Op> updates) {
        return cfg -> {
            try {
                ObjectNode tree = ConfigJson.toTree(cfg);
                for (GnmiPath p : deletes) {
                    ConfigTree.delete(tree, p);
                }
                for (Op o : replaces) {
                    ConfigTree.replace(tree, o.path(), o.value());
                }
                for (Op o : updates) {
                    ConfigTree.update(tree, o.path(), o.value());
                }
                return ConfigJson.fromTree(tree, device.interfaces());
            } catch (YangException e) {
                throw new ChangeFailed(e);
            }
        };
    }

    private static GnmiPath parse(Path prefix, Path path) throws YangException {
        return GnmiPath.of(prefix, path);
    }

    private static GnmiPath configPath(Path prefix, Path path) throws YangException {
        GnmiPath p = GnmiPath.of(prefix, path);
        if (p.module().equals(XrSchema.MKA_OPER_MODULE)) {
            throw new YangException("path " + p + " is operational data: it cannot be set");
        }
        return p;
    }

    /** The update's value: JSON_IETF (or plain JSON, read the same way); other encodings are refused. */
    private static JsonNode json(Update u) throws YangException {
        TypedValue v = u.getVal();
        ByteString bytes;
        if (v.getValueCase() == TypedValue.ValueCase.JSON_IETF_VAL) {
            bytes = v.getJsonIetfVal();
        } else if (v.getValueCase() == TypedValue.ValueCase.JSON_VAL) {
            bytes = v.getJsonVal();
        } else {
            throw new YangException("value of " + u.getPath().getElemList().stream().map(e -> e.getName()).toList()
                    + " is encoded as " + v.getValueCase() + "; this router takes JSON_IETF");
        }
        try {
            return MAPPER.readTree(bytes.toByteArray());
        } catch (JsonProcessingException e) {
            throw new YangException("value is not valid JSON (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new YangException("value cannot be read as JSON");
        }
    }

    private static Duration duration(com.google.protobuf.Duration d) {
        return Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public StreamObserver<SubscribeRequest> subscribe(StreamObserver<SubscribeResponse> out) {
        out.onError(Status.UNIMPLEMENTED.withDescription("Subscribe is not simulated").asException());
        return new StreamObserver<>() {
            @Override
            public void onNext(SubscribeRequest value) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
