package io.callstream.deploy.admin;

import io.callstream.common.auth.UserSigTool;
import io.callstream.deploy.stack.StackConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code callstream-admin usersig} (also {@code deploy/usersig.sh}): prints a TLS UserSig v2 for the
 * admin APIs (callbacks configuration, processor call records), signed with the app's key from
 * {@code callbacks.secret.keys} ({@code CALLSTREAM_CALLBACKS_SECRET_KEYS}; the local stack's demo key
 * when unset) or {@code --key}.
 */
@Command(name = "usersig", mixinStandardHelpOptions = true,
        description = {"Prints a UserSig for the admin APIs (callbacks configuration, processor call records).",
            "The key is --key, else the app's in callbacks.secret.keys (CALLSTREAM_CALLBACKS_SECRET_KEYS), else the local"
            + " stack's demo key."})
final class UserSigCommand implements Callable<Integer> {

    @Mixin
    Connection connection;
    @Spec
    CommandSpec spec;

    @Option(names = "--sdkappid", paramLabel = "N", description = "The app (default: the first of sdkappids, 1400000001).")
    Long sdkAppId;
    @Option(names = "--identifier", paramLabel = "ID",
            description = "The administrator (default: the app's first in callbacks.admins, else administrator).")
    String identifier;
    @Option(names = "--expire", paramLabel = "SECONDS", description = "Validity (default 86400).")
    long expire = 86_400;
    @Option(names = "--key", paramLabel = "KEY", description = "The app's secret key (default: from the settings).")
    String key;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(userSig(connection.stack(), System.currentTimeMillis() / 1000));
        return AdminMain.OK;
    }

    /** The UserSig these options ask for on the stack {@code c}, issued at {@code nowSeconds}. */
    String userSig(StackConfig c, long nowSeconds) {
        if (expire <= 0) {
            throw new IllegalArgumentException("--expire must be positive, got " + expire);
        }
        long app = sdkAppId != null ? sdkAppId : c.demoSdkAppId();
        String secret = key != null ? key : c.callbacksAccounts().secretKey(app).orElseThrow(() ->
                new IllegalArgumentException("no secret key for SDKAppID " + app + " in CALLSTREAM_CALLBACKS_SECRET_KEYS"));
        return UserSigTool.generate(app, secret, identifier != null ? identifier : c.demoAdmin(app), expire, nowSeconds);
    }
}
