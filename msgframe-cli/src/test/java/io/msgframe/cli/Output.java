package io.msgframe.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A command's captured stdout or stderr; safe to read while another thread writes (StringWriter locks). */
final class Output {
    private final StringWriter text = new StringWriter();
    private final PrintWriter writer = new PrintWriter(text, true);

    PrintWriter writer() {
        return writer;
    }

    String text() {
        writer.flush();
        return text.toString();
    }

    /** Runs an admin command and returns its exit code, capturing stdout and stderr. */
    static Result run(String... args) {
        Output out = new Output();
        Output err = new Output();
        int code = Main.execute(out.writer(), err.writer(), args);
        return new Result(code, out.text(), err.text());
    }

    record Result(int exitCode, String out, String err) {
    }
}
