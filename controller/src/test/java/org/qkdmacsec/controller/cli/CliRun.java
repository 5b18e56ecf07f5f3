package org.qkdmacsec.controller.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and captures exit code, stdout and stderr. */
public record CliRun(int code, String out, String err) {
    /** The product's commands, as the daemon jar has them. */
    public static CliRun of(String... args) {
        return on(Main.commandLine(), args);
    }

    /** A command tree built on {@link Main#commandLine}, such as the harness's. */
    public static CliRun on(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
