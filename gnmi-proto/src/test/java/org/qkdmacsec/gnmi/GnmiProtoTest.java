package org.qkdmacsec.gnmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Duration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.gnmi.ext.Commit;
import org.qkdmacsec.gnmi.ext.CommitRequest;
import org.qkdmacsec.gnmi.ext.Extension;
import org.qkdmacsec.gnmi.ext.GnmiExtProto;

/**
 * The compiled descriptors must say exactly what the specification table says: same packages,
 * messages, field numbers, labels, types, oneofs, enum values, reserved numbers and RPCs. Any
 * difference would break the wire format against real gNMI targets.
 */
class GnmiProtoTest {

    private static final List<FileDescriptor> FILES =
            List.of(GnmiProto.getDescriptor(), GnmiExtProto.getDescriptor());

    @Test
    void descriptorsMatchTheSpecificationTable() throws IOException {
        TreeSet<String> expected = new TreeSet<>(specTable());
        TreeSet<String> actual = new TreeSet<>(describe());

        TreeSet<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        TreeSet<String> unexpected = new TreeSet<>(actual);
        unexpected.removeAll(expected);
        assertTrue(missing.isEmpty() && unexpected.isEmpty(),
                "in the spec table but not compiled: " + missing + "\ncompiled but not in the spec table: " + unexpected);
    }

    @Test
    void packagesImportPathAndServiceVersionAreUpstreams() {
        assertEquals("gnmi", GnmiProto.getDescriptor().getPackage());
        assertEquals("gnmi_ext", GnmiExtProto.getDescriptor().getPackage());
        assertEquals("github.com/openconfig/gnmi/proto/gnmi_ext/gnmi_ext.proto", GnmiExtProto.getDescriptor().getName());
        assertEquals("github.com/openconfig/gnmi/proto/gnmi/gnmi.proto", GnmiProto.getDescriptor().getName());
        assertEquals("0.10.0", GnmiProto.getDescriptor().getOptions().getExtension(GnmiProto.gnmiService));
        assertEquals("gnmi.gNMI", gNMIGrpc.SERVICE_NAME);
        assertEquals("gnmi.gNMI/Set", gNMIGrpc.getSetMethod().getFullMethodName());
    }

    /** Bytes worked out by hand from the protobuf encoding rules, independent of the generated code. */
    @Test
    void commitConfirmedExtensionEncodesAsOnTheWire() {
        Extension ext = Extension.newBuilder()
                .setCommit(Commit.newBuilder().setId("c1")
                        .setCommit(CommitRequest.newBuilder()
                                .setRollbackDuration(Duration.newBuilder().setSeconds(30))))
                .build();
        // Extension.commit (4, LEN 10) { Commit.id (1, LEN 2) "c1", Commit.commit (2, LEN 4)
        //   { CommitRequest.rollback_duration (1, LEN 2) { Duration.seconds (1, varint) 30 } } }
        byte[] wire = HexFormat.of().parseHex("220a" + "0a026331" + "1204" + "0a02" + "081e");
        assertArrayEquals(wire, ext.toByteArray());

        SetRequest set = SetRequest.newBuilder().addExtension(ext).build();
        // SetRequest.extension is field 5.
        assertArrayEquals(HexFormat.of().parseHex("2a0c" + HexFormat.of().formatHex(wire)), set.toByteArray());
    }

    private static List<String> specTable() throws IOException {
        try (InputStream in = GnmiProtoTest.class.getResourceAsStream("/gnmi-spec-table.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> String.join(" ", l.split("\\s+")))
                    .toList();
        }
    }

    private static List<String> describe() {
        List<String> out = new ArrayList<>();
        for (FileDescriptor file : FILES) {
            file.getMessageTypes().forEach(m -> describe(m, out));
            file.getEnumTypes().forEach(e -> describe(e, out));
            file.getServices().forEach(s -> s.getMethods().forEach(m -> out.add(describe(m))));
        }
        return out;
    }

    private static void describe(Descriptor message, List<String> out) {
        if (message.getFields().isEmpty()) {
            out.add("message " + message.getFullName());
        }
        for (FieldDescriptor f : message.getFields()) {
            String type = switch (f.getJavaType()) {
                case MESSAGE -> f.getMessageType().getFullName();
                case ENUM -> f.getEnumType().getFullName();
                default -> f.getType().name().toLowerCase(Locale.ROOT);
            };
            String oneof = f.getRealContainingOneof() == null ? "" : " " + f.getRealContainingOneof().getName();
            out.add("field " + message.getFullName() + " " + f.getName() + " " + f.getNumber() + " "
                    + (f.isRepeated() ? "repeated" : "single") + " " + type + oneof);
        }
        message.toProto().getReservedRangeList().forEach(r -> {
            for (int n = r.getStart(); n < r.getEnd(); n++) {
                out.add("reserved " + message.getFullName() + " " + n);
            }
        });
        message.getNestedTypes().forEach(n -> describe(n, out));
        message.getEnumTypes().forEach(e -> describe(e, out));
    }

    private static void describe(EnumDescriptor e, List<String> out) {
        e.getValues().forEach(v -> out.add("enum " + e.getFullName() + " " + v.getName() + " " + v.getNumber()));
    }

    private static String describe(MethodDescriptor m) {
        return "rpc " + m.getService().getFullName() + " " + m.getName() + " " + m.getInputType().getFullName() + " "
                + m.getOutputType().getFullName() + " " + m.isClientStreaming() + " " + m.isServerStreaming();
    }
}
