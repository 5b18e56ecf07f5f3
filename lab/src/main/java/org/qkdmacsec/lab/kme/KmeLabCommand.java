package org.qkdmacsec.lab.kme;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.lab.pki.Identity;
import org.qkdmacsec.lab.pki.PkiException;
import org.qkdmacsec.lab.pki.TestPki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs simulated KMEs standalone until Ctrl-C: by default the pair kme-a (sae-a) and kme-b (sae-b),
 * or the network a YAML file describes. Writes a fresh lab PKI to {@code --pki-dir} and prints where
 * each SAE connects and which files it authenticates with. Mounted as {@code qkd-macsec lab kme} and
 * {@code LabMain kme}.
 */
@Command(name = "kme", sortOptions = false,
        description = {"Run simulated ETSI GS QKD 014 KMEs on 127.0.0.1 until Ctrl-C.",
            "Default: kme-a (SAE sae-a) and kme-b (SAE sae-b). Keys from enc_keys at kme-a are served once "
                    + "by dec_keys at kme-b.",
            "See docs/lab/kme.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped from inside the JVM (Ctrl-C and SIGTERM end it with 130 and 143)",
            "1:could not start (e.g. port in use, PKI directory not writable)", "2:usage or configuration error"})
public final class KmeLabCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pki-dir", paramLabel = "DIR",
            description = "Directory for the fresh lab CA and the KME/SAE certificates and keys (needed by mtls KMEs).")
    Path pkiDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML network description (kmes, saes, pool); excludes --mode/--port-a/--port-b.")
    Path config;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "mtls",
            description = "Mode of the default pair: mtls, insecure or qupskd (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--port-a", paramLabel = "PORT", defaultValue = "0",
            description = "Port of kme-a on 127.0.0.1 (default: 0 = any free port).")
    int portA;

    @Option(names = "--port-b", paramLabel = "PORT", defaultValue = "0",
            description = "Port of kme-b on 127.0.0.1 (default: 0 = any free port).")
    int portB;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        KmeNetwork net;
        try {
            net = start(out);
        } catch (UncheckedIOException | PkiException e) {
            spec.commandLine().getErr().println("qkd-macsec lab kme: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            net.close();
            stopped.countDown();
        }, "kme-lab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopped from inside the JVM (tests, an embedding CLI)
        } finally {
            net.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook already ran
            }
        }
        return 0;
    }

    /** Builds and starts the network described by the options and prints how to reach it. */
    KmeNetwork start(PrintWriter out) {
        LabConfig description = description();
        KmeNetwork net;
        try {
            TestPki pki = null;
            if (description.needsPki()) {
                if (pkiDir == null) {
                    throw new IllegalArgumentException("mtls KMEs need --pki-dir DIR for their certificates");
                }
                pki = TestPki.create(pkiDir);
            }
            net = description.toBuilder(Clock.systemUTC(), pki).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        net.start();
        print(net, out);
        return net;
    }

    private LabConfig description() {
        if (config == null) {
            try {
                return LabConfig.pair(KmeMode.valueOf(mode.toUpperCase(Locale.ROOT)), portA, portB);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--mode " + mode + ": use mtls, insecure or qupskd");
            }
        }
        for (String pairOption : List.of("--mode", "--port-a", "--port-b")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(pairOption)) {
                throw new ParameterException(spec.commandLine(), pairOption + " describes the default pair; "
                        + "with --config set it in the file");
            }
        }
        try {
            return LabConfig.read(config);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void print(KmeNetwork net, PrintWriter out) {
        for (Kme kme : net.kmes()) {
            List<String> saes = net.saeIds().stream().filter(s -> net.kmeOf(s) == kme).toList();
            out.printf("KME %s  %s  %s  SAEs %s%n", kme.id(), kme.mode().name().toLowerCase(Locale.ROOT),
                    kme.apiUri(), String.join(",", saes));
        }
        if (net.pki() != null) {
            out.printf("CA bundle  %s%n", net.pki().caBundle());
            for (String sae : net.saeIds()) {
                Identity id = net.saeIdentity(sae);
                out.printf("SAE %s  certificate %s  key %s  pkcs12 %s  pkcs12-password-file %s%n", sae,
                        id.certificatePem(), id.privateKeyPem(), id.pkcs12(), id.pkcs12PasswordFile());
            }
        }
        out.println("KMEs running; Ctrl-C stops them.");
        out.flush();
    }
}
