package io.callstream.dist;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The container image's one entry point: {@code ServiceMain <service> [args]} runs the main class of
 * {@code ingest}, {@code processor}, {@code callbacks} or a tool ({@code admin} the admin CLI,
 * {@code setup}, {@code generate}, {@code tail}, and {@code usersig} = {@code admin usersig}), so that one image serves every Deployment (Kubernetes passes the
 * name as the container's {@code args}). The image has no shell, hence a Java dispatcher rather than
 * a script. Exit code 2 for an unknown name.
 */
public final class ServiceMain {

    private static final String ADMIN = "io.callstream.deploy.admin.AdminMain";

    /** Service or tool name → main class; the names the image and the manifests use. */
    public static final Map<String, String> MAIN_CLASSES = mainClasses();

    private ServiceMain() {
    }

    private static Map<String, String> mainClasses() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ingest", "io.callstream.ingest.IngestMain");
        m.put("processor", "io.callstream.processor.ProcessorMain");
        m.put("callbacks", "io.callstream.callbacks.CallbackDeliveryMain");
        m.put("admin", ADMIN);
        m.put("setup", "io.callstream.deploy.SetupMain");
        m.put("generate", "io.callstream.deploy.GenerateMain");
        m.put("tail", "io.callstream.deploy.TailMain");
        m.put("usersig", ADMIN);
        return Map.copyOf(m);
    }

    public static void main(String[] args) throws Throwable {
        String main = args.length == 0 ? null : MAIN_CLASSES.get(args[0]);
        if (main == null) {
            System.err.println("usage: <image> <service> [args]; services: ingest, processor, callbacks;"
                    + " tools: admin, setup, generate, tail, usersig");
            System.exit(2);
            return;
        }
        // usersig was a tool of its own; it is the admin CLI's command now
        int from = args[0].equals("usersig") ? 0 : 1;
        try {
            Class.forName(main).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, from, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
