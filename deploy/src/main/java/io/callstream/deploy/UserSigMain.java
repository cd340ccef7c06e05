package io.callstream.deploy;

import io.callstream.common.auth.UserSigTool;
import io.callstream.deploy.stack.StackConfig;
import java.util.List;

/**
 * {@code deploy/usersig.sh}: prints a UserSig for the callbacks service's admin API of the local
 * stack, signed with the key the launcher gives that service ({@code CALLSTREAM_CALLBACKS_SECRET_KEYS},
 * else {@link StackConfig#LOCAL_SECRET_KEY}), for the administrator the banner names.
 */
public final class UserSigMain {

    static final String USAGE = """
            usage: deploy/usersig.sh [options]      prints a UserSig for the admin API of deploy/local.sh's callbacks service
              --sdkappid N          the app (default: the first of CALLSTREAM_SDKAPPIDS, 1400000001)
              --identifier ID       the administrator (default: the first of CALLSTREAM_CALLBACKS_ADMINS, administrator)
              --expire SECONDS      validity (default 86400)
            The key is the app's in CALLSTREAM_CALLBACKS_SECRET_KEYS, else the local demo key.
            """;

    private UserSigMain() {
    }

    public static void main(String[] argv) {
        try {
            System.out.println(userSig(argv, ToolConfig.load(), System.currentTimeMillis() / 1000));
        } catch (IllegalArgumentException e) {
            System.err.println("usersig: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    /** The UserSig {@code argv} asks for on the stack {@code c}, issued at {@code nowSeconds}; {@code --help}: the usage. */
    static String userSig(String[] argv, StackConfig c, long nowSeconds) {
        Args a = Args.parse(argv, List.of("sdkappid", "identifier", "expire"), List.of("help"));
        if (a.flag("help")) {
            return USAGE.stripTrailing();
        }
        long app = a.longValue("sdkappid", c.demoSdkAppId());
        String key = c.callbacksAccounts().secretKey(app).orElseThrow(() -> new IllegalArgumentException(
                "no secret key for SDKAppID " + app + " in CALLSTREAM_CALLBACKS_SECRET_KEYS"));
        return UserSigTool.generate(app, key, a.value("identifier", c.demoAdmin(app)), a.longValue("expire", 86_400),
                nowSeconds);
    }
}
