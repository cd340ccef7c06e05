package io.callstream.deploy.admin;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallSummary;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.MissedCallAlert;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code callstream-admin schemas register}: registers the value schemas the services write. */
@Command(name = "schemas", description = "Schema registry subjects.", mixinStandardHelpOptions = true,
        subcommands = SchemasCommand.Register.class)
final class SchemasCommand extends Group {

    /** Subject ({@code <topic>-value}, the topic-name strategy) → the schema the services write there. */
    static Map<String, Schema> schemas(StackConfig stack) {
        Map<String, Schema> s = new LinkedHashMap<>();
        s.put(stack.topicCallEvents() + "-value", CallEvent.getClassSchema());
        s.put(stack.topicCallEventsDlq() + "-value", DeadLetter.getClassSchema());
        s.put(stack.topicCallSummaries() + "-value", CallSummary.getClassSchema());
        s.put(stack.topicMissedCallAlerts() + "-value", MissedCallAlert.getClassSchema());
        s.put(stack.topicCallParticipants() + "-value", CallParticipant.getClassSchema());
        return s;
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Registers the value schema of each Avro topic under <topic>-value (call-events, call-events-dlq,"
                + " call-summaries, missed-call-alerts, call-participants; names from topic.* settings), for"
                + " registries where the services run with auto.register.schemas=false. Registering the same"
                + " schema again returns its id; an incompatible change fails (exit 1) with the registry's answer."})
    static final class Register implements Callable<Integer> {

        @Mixin
        Connection connection;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StackConfig stack = connection.stack();
            try (SchemaRegistryClient registry = SchemaRegistryClients.create(connection.registryClient())) {
                schemas(stack).forEach((subject, schema) -> spec.commandLine().getOut()
                        .println("registered " + subject + ": id " + registry.register(subject, schema)));
            }
            return AdminMain.OK;
        }
    }
}
