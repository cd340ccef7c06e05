package io.callstream.deploy.admin;

import io.callstream.deploy.ToolConfig;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/callstream-admin}: the operator's command line. {@code topics create}, {@code schemas
 * register}, {@code dlq inspect}, {@code dlq replay}, {@code usersig}. Connection settings come from
 * the same keys and {@code CALLSTREAM_*} variables as the services ({@code kafka.*},
 * {@code schema.registry.*}), from {@code --config FILE} or {@code CALLSTREAM_CONFIG}.
 * Exit codes: 0 done, 1 failed (the cluster, the registry or ingest refused, or a replayed webhook
 * was not accepted), 2 usage or configuration error.
 */
@Command(name = "callstream-admin", mixinStandardHelpOptions = true, versionProvider = AdminMain.Version.class,
        description = "Administers a callstream deployment: topics, schemas, dead letters, UserSigs.",
        subcommands = {TopicsCommand.class, SchemasCommand.class, DlqCommand.class, UserSigCommand.class},
        footer = {"", "Exit codes: 0 done, 1 failed, 2 usage or configuration error.",
            "Settings: --config FILE (or CALLSTREAM_CONFIG), then CALLSTREAM_* environment variables (they win)."})
public final class AdminMain implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ToolConfig.quietLogging();
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new AdminMain());
        cl.setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + message(e));
            return e instanceof IllegalArgumentException ? USAGE : FAILED;
        });
        return cl;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The version of the distribution, from the jar's manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AdminMain.class.getPackage().getImplementationVersion();
            return new String[] {"callstream-admin " + (v == null ? "(development build)" : v)};
        }
    }
}
