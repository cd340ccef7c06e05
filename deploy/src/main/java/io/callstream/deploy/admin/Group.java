package io.callstream.deploy.admin;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command made of sub-commands: run alone, it is a usage error (exit 2) naming them. */
abstract class Group implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
