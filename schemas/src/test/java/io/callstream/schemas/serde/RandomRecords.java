package io.callstream.schemas.serde;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Random instances of a generated class, driven by its schema so that a field added later is
 * covered too: every union branch (null or not), every enum symbol (UNKNOWN included), empty and
 * non-empty arrays and maps, strings from ASCII to CJK and supplementary-plane code points,
 * numbers from 0 to the extremes.
 */
final class RandomRecords {

    private static final String[] ALPHABETS = {"abcXYZ019:-_", "äöüßéñ", "通话记录用户", "😀🎉📞", " \t\"\\/"};

    private final Random random;

    RandomRecords(long seed) {
        this.random = new Random(seed);
    }

    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> T next(Class<T> type) {
        return (T) record(SpecificData.get().getSchema(type));
    }

    private Object record(Schema schema) {
        SpecificRecord r = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field f : schema.getFields()) {
            r.put(f.pos(), value(f.schema()));
        }
        return r;
    }

    private Object value(Schema s) {
        if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return Instant.ofEpochMilli(number());
        }
        return switch (s.getType()) {
            case UNION -> {
                Schema branch = s.getTypes().get(random.nextInt(s.getTypes().size()));
                yield branch.getType() == Schema.Type.NULL ? null : value(branch);
            }
            case STRING -> string();
            case LONG -> number();
            case INT -> (int) number();
            case ENUM -> {
                Class<?> enumType = SpecificData.get().getClass(s);
                Object[] symbols = enumType.getEnumConstants();
                yield symbols[random.nextInt(symbols.length)];
            }
            case ARRAY -> {
                int n = size();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(s.getElementType()));
                }
                yield list;
            }
            case MAP -> {
                int n = size();
                Map<String, Object> map = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(string(), value(s.getValueType()));
                }
                yield map;
            }
            case RECORD -> record(s);
            default -> throw new IllegalArgumentException("no generator for " + s);
        };
    }

    /** 0 (a third of the time), 0..3 or up to 70 items: more than one byte of count. */
    private int size() {
        int k = random.nextInt(6);
        return k < 2 ? 0 : k < 5 ? random.nextInt(4) : random.nextInt(70);
    }

    private long number() {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> random.nextInt(128) - 64;
            case 2 -> Long.MAX_VALUE - random.nextInt(3);
            case 3 -> Long.MIN_VALUE + random.nextInt(3);
            case 4 -> random.nextInt();
            default -> 1_700_000_000_000L + random.nextInt(1_000_000_000);
        };
    }

    private String string() {
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextInt(10) == 0 ? 300 : 20);
        StringBuilder sb = new StringBuilder();
        String alphabet = ALPHABETS[random.nextInt(ALPHABETS.length)];
        for (int i = 0; i < n; i++) {
            int at = alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())));
            sb.appendCodePoint(alphabet.codePointAt(at));
        }
        return sb.toString();
    }
}
