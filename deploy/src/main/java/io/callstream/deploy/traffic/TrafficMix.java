package io.callstream.deploy.traffic;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * The share of each {@link Scenario} and the delivery faults: the chance that a call's callbacks
 * arrive shuffled (out of order) and the chance that a callback is delivered twice.
 */
public record TrafficMix(Map<Scenario, Integer> weights, double outOfOrder, double duplicates) {

    public static final String DEFAULT_MIX = "answered=45,missed=15,rejected=10,busy=5,cancelled=10,group=10,offline=5";

    public TrafficMix {
        weights = Map.copyOf(weights);
        if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("the mix needs at least one scenario with a positive weight");
        }
        if (outOfOrder < 0 || outOfOrder > 1 || duplicates < 0 || duplicates > 1) {
            throw new IllegalArgumentException("out-of-order and duplicate rates are fractions between 0 and 1");
        }
    }

    public static TrafficMix defaults() {
        return new TrafficMix(parseWeights(DEFAULT_MIX), 0.3, 0.05);
    }

    /** Parses {@code answered=50,missed=15,...}; scenarios left out get weight 0. */
    public static Map<Scenario, Integer> parseWeights(String spec) {
        Map<Scenario, Integer> w = new EnumMap<>(Scenario.class);
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("mix entry '" + part + "' is not scenario=weight");
            }
            int weight;
            try {
                weight = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mix weight of '" + kv[0] + "' is not a whole number: " + kv[1]);
            }
            if (weight < 0) {
                throw new IllegalArgumentException("mix weight of '" + kv[0] + "' is negative");
            }
            w.put(Scenario.parse(kv[0]), weight);
        }
        return w;
    }

    public Scenario pick(Random random) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int r = random.nextInt(total);
        for (Scenario s : Scenario.values()) {
            r -= weights.getOrDefault(s, 0);
            if (r < 0) {
                return s;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
