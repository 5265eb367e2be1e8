package io.msgframe.cli;

import picocli.CommandLine.ExitCode;

/**
 * A failure the user can act on, reported as one line ({@code msgframe: <message>}) and an exit code, never with a
 * stack trace: a server that cannot be reached, an unknown topic, a bad option value, a missing file.
 */
public final class CliException extends RuntimeException {
    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A request or operation that failed (exit code 1). */
    public static CliException failed(String message) {
        return new CliException(ExitCode.SOFTWARE, message, null);
    }

    /** A request or operation that failed (exit code 1), keeping its cause for logs. */
    public static CliException failed(String message, Throwable cause) {
        return new CliException(ExitCode.SOFTWARE, message, cause);
    }

    /** A bad option value or configuration (exit code 2, like picocli's usage errors). */
    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
