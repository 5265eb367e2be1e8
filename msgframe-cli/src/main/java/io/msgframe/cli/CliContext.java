package io.msgframe.cli;

import java.io.PrintWriter;

/**
 * What every command writes to and registers with: {@code out} for results (ready lines, tables), {@code err} for
 * errors, and the stop hooks of the process. Tests pass their own to capture output and to stop servers.
 */
public record CliContext(PrintWriter out, PrintWriter err, StopHooks stopHooks) {
}
