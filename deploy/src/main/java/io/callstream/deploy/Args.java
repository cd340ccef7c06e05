package io.callstream.deploy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Command-line options of the deploy tools: {@code --name value} and {@code --flag}; unknown ones are errors. */
public final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Args() {
    }

    /**
     * @param valued  option names that take a value
     * @param flagged option names that are flags
     */
    public static Args parse(String[] args, List<String> valued, List<String> flagged) {
        Args a = new Args();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : arg;
            String inline = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            } else if (flagged.contains(name)) {
                a.flags.add(name);
            } else if (valued.contains(name)) {
                if (inline == null && i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                a.values.put(name, inline != null ? inline : args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return a;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String value(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    public long longValue(String name, long dflt) {
        String v = values.get(name);
        try {
            return v == null ? dflt : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public double doubleValue(String name, double dflt) {
        String v = values.get(name);
        try {
            return v == null ? dflt : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
        }
    }
}
