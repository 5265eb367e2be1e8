package io.msgframe.cli;

import io.msgframe.protocol.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The {@code msgframe} command: runs servers ({@code standalone}, {@code namesrv}, {@code broker}), admin requests
 * against running ones ({@code topic}, {@code cluster}, {@code group}, {@code broker wipe-write-perm}, ...), and
 * sends, consumes and looks up messages ({@code send}, {@code consume}, {@code message}).
 *
 * <p>Exit codes: 0 success; 1 a failure (server unreachable, request refused, unknown topic, start-up failed);
 * 2 bad usage or configuration (unknown option or key, bad value). Every expected failure is one line on stderr,
 * {@code msgframe: <what went wrong>}, without a stack trace.
 */
@Command(name = "msgframe", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        scope = ScopeType.INHERIT,
        description = "MsgFrame, a message broker wire-compatible with Apache RocketMQ.",
        subcommands = {StandaloneCommand.class, NamesrvCommand.class, BrokerCommand.class, TopicCommand.class,
                ClusterCommand.class, GroupCommand.class, SendCommand.class, ConsumeCommand.class,
                MessageCommand.class, PerfCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    private static final String PREFIX = "msgframe: ";

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(new CliContext(out, err, StopHooks.jvm()), args));
    }

    /**
     * Runs one command line and returns its exit code. Server commands return only once stopped through
     * {@code context.stopHooks()}.
     */
    public static int execute(CliContext context, String... args) {
        CommandLine cli = commandLine(context);
        int code = cli.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    /** {@link #execute(CliContext, String...)} for admin commands, which register no stop hooks. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(new CliContext(out, err, stop -> { }), args);
    }

    /** The command tree, each command built with {@code context}; exceptions mapped to exit codes. */
    static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new Main(), factory(context));
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println(PREFIX + ex.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more "
                    + "information.");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((ex, failed, parseResult) -> report(ex, failed.getErr()));
        return cli;
    }

    /** Without a subcommand: the usage, and the usage exit code. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println(PREFIX + "a command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    private static int report(Exception ex, PrintWriter err) {
        if (ex instanceof CliException e) {
            err.println(PREFIX + e.getMessage());
            return e.exitCode();
        }
        if (ex instanceof ConfigException e) {
            err.println(PREFIX + "invalid configuration: " + String.join("; ", e.problems()));
            return ExitCode.USAGE;
        }
        err.println(PREFIX + "unexpected failure: " + ex);
        ex.printStackTrace(err);
        return ExitCode.SOFTWARE;
    }

    /** Builds commands that take a {@link CliContext} with it, others with picocli's default factory. */
    private static IFactory factory(CliContext context) {
        IFactory defaults = CommandLine.defaultFactory();
        return new IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Constructor<K> withContext;
                try {
                    withContext = type.getDeclaredConstructor(CliContext.class);
                } catch (NoSuchMethodException e) {
                    return defaults.create(type);
                }
                withContext.setAccessible(true);
                return withContext.newInstance(context);
            }
        };
    }

    /** {@code msgframe --version}: the project version, written into a resource at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/msgframe-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"msgframe " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
