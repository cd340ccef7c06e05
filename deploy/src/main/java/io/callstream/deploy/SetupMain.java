package io.callstream.deploy;

import io.callstream.deploy.admin.AdminMain;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;
import java.io.PrintWriter;

/**
 * {@code bin/callstream-setup} and the image's {@code setup} (the Kubernetes setup Job): prepares an
 * existing cluster for the pipeline with the admin CLI's commands, {@code callstream-admin topics
 * create} (the pipeline's and callbacks' topics, {@code partitions} partitions, the cluster's
 * replication factor, {@code min.insync.replicas} = min(2, it)) then, when {@code schema.registry.url}
 * is set, {@code callstream-admin schemas register}. Keys as the local stack reads them
 * ({@link StackConfig}). Exit codes: 0 done, 1 the cluster or registry refused, 2 bad configuration.
 */
public final class SetupMain {

    private SetupMain() {
    }

    public static void main(String[] args) {
        ToolConfig.quietLogging();
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(PrintWriter out, PrintWriter err) {
        Settings settings = Settings.load(StackConfig.defaults());
        if (settings.optional("kafka.bootstrap.servers").isEmpty()) {
            err.println("callstream-setup: missing required setting kafka.bootstrap.servers (environment variable "
                    + Settings.envName("kafka.bootstrap.servers") + ")");
            return AdminMain.USAGE;
        }
        int topics = AdminMain.run(out, err, "topics", "create");
        if (topics != AdminMain.OK || settings.optional("schema.registry.url").isEmpty()) {
            return topics;
        }
        return AdminMain.run(out, err, "schemas", "register");
    }
}
