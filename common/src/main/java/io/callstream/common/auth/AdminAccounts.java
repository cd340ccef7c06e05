package io.callstream.common.auth;

import io.callstream.schemas.config.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who may call a Tencent-style admin REST API of an SDKAppID: its administrators' identifiers and the
 * secret key its UserSigs are signed with. {@link #toString()} never shows a key.
 *
 * @param admins     administrator identifiers per SDKAppID
 * @param secretKeys UserSig secret key per SDKAppID
 */
public record AdminAccounts(Map<Long, Set<String>> admins, Map<Long, String> secretKeys) {

    public AdminAccounts {
        admins = Map.copyOf(admins);
        secretKeys = Map.copyOf(secretKeys);
    }

    /**
     * Reads two settings that list {@code <sdkappid>:<value>} entries, comma-separated: administrators
     * (an app may be listed more than once) and secret keys. Fails naming the setting and its
     * environment variable, without echoing the entry (it may be a key).
     */
    public static AdminAccounts from(Settings settings, String adminsKey, String secretKeysKey) {
        Map<Long, Set<String>> admins = new HashMap<>();
        for (String entry : settings.list(adminsKey)) {
            String[] p = pair(adminsKey, entry);
            admins.computeIfAbsent(appId(adminsKey, p[0]), k -> new TreeSet<>()).add(p[1]);
        }
        admins.replaceAll((k, v) -> Set.copyOf(v));
        Map<Long, String> keys = new HashMap<>();
        for (String entry : settings.list(secretKeysKey)) {
            String[] p = pair(secretKeysKey, entry);
            keys.put(appId(secretKeysKey, p[0]), p[1]);
        }
        return new AdminAccounts(admins, keys);
    }

    /** The administrators as {@link #from} reads them: {@code <sdkappid>:<identifier>,...}, sorted. */
    public String adminsSetting() {
        return new TreeMap<>(admins).entrySet().stream()
                .flatMap(e -> new TreeSet<>(e.getValue()).stream().map(identifier -> e.getKey() + ":" + identifier))
                .collect(Collectors.joining(","));
    }

    /** The secret keys as {@link #from} reads them: {@code <sdkappid>:<key>,...}, sorted; a secret, never to be logged. */
    public String secretKeysSetting() {
        return new TreeMap<>(secretKeys).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    public Optional<String> secretKey(long sdkAppId) {
        return Optional.ofNullable(secretKeys.get(sdkAppId));
    }

    public boolean isAdmin(long sdkAppId, String identifier) {
        return admins.getOrDefault(sdkAppId, Set.of()).contains(identifier);
    }

    private static String[] pair(String key, String entry) {
        int i = entry.indexOf(':');
        if (i <= 0 || i == entry.length() - 1) {
            throw new IllegalArgumentException("setting " + key + " (environment variable " + Settings.envName(key)
                    + ") must be a list of <sdkappid>:<value>, got an entry without ':' (" + entry.length() + " chars)");
        }
        return new String[] {entry.substring(0, i).trim(), entry.substring(i + 1).trim()};
    }

    private static long appId(String key, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + ": '" + text + "' is not a numeric SDKAppID");
        }
    }

    @Override
    public String toString() {
        return "admins=" + admins + ", secretKeys=" + new TreeSet<>(secretKeys.keySet()) + ":****";
    }
}
