package io.callstream.callbacks.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * One callback in a subscriber's generation, before it has an address: the command word it is sent
 * for (a v1 action word or a v4 {@code Call.CallbackAfter*} command) and the JSON body.
 */
record Outbound(String command, String body) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The value of an {@code extra} entry: its JSON text restored, or the text itself when it is not JSON. */
    static JsonNode restore(String v) {
        try {
            return v == null ? JSON.nullNode() : JSON.readTree(v);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(v);
        }
    }

    /**
     * Puts back the {@code extra} fields a relay carries on: top-level names into {@code root}, and
     * {@code <Object>.<name>} into that object of {@code root} when it is there; deeper paths, list
     * items, names already set and callstream's own keys ({@code callstream.*}) are left out.
     */
    static void restoreExtra(ObjectNode root, Map<String, String> extra) {
        if (extra == null) {
            return;
        }
        extra.forEach((key, value) -> {
            if (key.startsWith("callstream.") || key.contains("[")) {
                return;
            }
            int dot = key.indexOf('.');
            ObjectNode target = root;
            String name = key;
            if (dot >= 0) {
                JsonNode parent = root.get(key.substring(0, dot));
                name = key.substring(dot + 1);
                if (!(parent instanceof ObjectNode o) || name.contains(".")) {
                    return;
                }
                target = o;
            }
            if (!target.has(name)) {
                target.set(name, restore(value));
            }
        });
    }
}
