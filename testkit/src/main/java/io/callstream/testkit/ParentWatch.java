package io.callstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A child JVM's tie to its parent: {@code java -cp <cp> io.callstream.testkit.ParentWatch <main class> <args>}
 * runs {@code <main class>} with a daemon thread that reads standard input, a pipe from the parent
 * ({@link ChildProcess} keeps its end open). When the parent dies, however it dies (SIGKILL
 * included), the kernel closes that end, the read sees end-of-file, and this JVM exits as on SIGTERM
 * (shutdown hooks run), then halts if the hooks take longer than {@value #HALT_AFTER_MILLIS} ms.
 * Depends on the JDK only, so it can wrap any program (the registry's Quarkus runner too); nothing
 * else in the child may read standard input.
 */
public final class ParentWatch {

    /** How long shutdown hooks may run after the parent is gone before the JVM is halted. */
    static final long HALT_AFTER_MILLIS = 8_000;
    /** The exit code when the parent is gone: 128 + SIGTERM, as if the parent had sent SIGTERM. */
    static final int EXIT_CODE = 143;

    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: ParentWatch <main class> [args...]");
            System.exit(2);
        }
        watch(System.in);
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Starts the daemon thread that ends this JVM when {@code parentPipe} reaches end-of-file. */
    static Thread watch(InputStream parentPipe) {
        Thread t = new Thread(() -> {
            try {
                byte[] buf = new byte[256];
                while (parentPipe.read(buf) >= 0) {
                    // the parent writes nothing; only end-of-file matters
                }
            } catch (IOException e) {
                // a broken pipe means the same: the parent is gone
            }
            System.err.println("callstream: parent process gone; exiting");
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_MILLIS);
                } catch (InterruptedException ignored) {
                    // halting anyway
                }
                Runtime.getRuntime().halt(EXIT_CODE);
            }, "parent-watch-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(EXIT_CODE);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
