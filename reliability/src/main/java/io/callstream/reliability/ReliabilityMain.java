package io.callstream.reliability;

import java.io.IOException;
import java.nio.file.Files;

/**
 * {@code reliability/run.sh}: runs the suite ({@link SuiteOptions#USAGE}) and writes the report;
 * exit code 0 only when every figure is within its bound.
 */
public final class ReliabilityMain {

    private ReliabilityMain() {
    }

    public static void main(String[] argv) throws IOException {
        SuiteOptions o;
        try {
            o = SuiteOptions.parse(argv);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("reliability: " + e.getMessage());
            }
            System.err.print(SuiteOptions.USAGE);
            System.exit(2);
            return;
        }
        ReliabilitySuite.Results r = ReliabilitySuite.run(o);
        String md = Report.markdown(r);
        Files.createDirectories(o.out().getParent());
        Files.writeString(o.out(), md);
        System.out.println(md);
        System.out.println("report: " + o.out());
        System.exit(r.ok() ? 0 : 1);
    }
}
