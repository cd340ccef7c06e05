package io.callstream.deploy.traffic;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/** The {@code --format} of generated traffic: the callback families every call is sent in. */
public enum CallbackFormat {
    V1("v1"),
    V1_STATUS("v1-status"),
    V4("v4"),
    /** Each call one of v1, v1-status, v4, or v1 events and v4 callbacks together for the same CallId. */
    MIXED("mixed");

    /** Shares of the families in {@link #MIXED}, in {@link CallFamilies} order: v1, v1-status, v4, v1+v4. */
    private static final int[] MIXED_WEIGHTS = {30, 20, 35, 15};

    private final String label;

    CallbackFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The families of the next call; only {@link #MIXED} draws from {@code random}. */
    public CallFamilies pick(Random random) {
        return switch (this) {
            case V1 -> CallFamilies.V1;
            case V1_STATUS -> CallFamilies.V1_STATUS;
            case V4 -> CallFamilies.V4;
            case MIXED -> mixed(random.nextInt(100));
        };
    }

    private static CallFamilies mixed(int roll) {
        CallFamilies[] all = CallFamilies.values();
        for (int i = 0; i < all.length; i++) {
            roll -= MIXED_WEIGHTS[i];
            if (roll < 0) {
                return all[i];
            }
        }
        throw new IllegalStateException("the mixed weights add up to 100");
    }

    public static CallbackFormat parse(String s) {
        String wanted = s.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown format '" + s + "'; known: "
                        + Arrays.stream(values()).map(CallbackFormat::label).collect(Collectors.joining(", "))));
    }
}
