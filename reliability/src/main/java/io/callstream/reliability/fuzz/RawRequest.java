package io.callstream.reliability.fuzz;

/**
 * One fuzz request as bytes on the wire.
 *
 * @param id         the request id (also the {@code X-Request-Id} header and the body's {@code FuzzId})
 * @param kind       what it is
 * @param bytes      the whole request: request line, headers, body
 * @param abortAfter send only this many bytes, then reset the connection (-1: send everything)
 * @param trickle    send in small pieces with pauses (a slow sender)
 * @param fresh      on a connection of its own, closed after the answer (malformed framing, big bodies)
 * @param hasFuzzId  the body carries {@code "FuzzId"}, so its call-events record can be found
 * @param variant    which variant of the kind (e.g. the framing fault), empty when the kind has one
 */
public record RawRequest(String id, FuzzKind kind, byte[] bytes, int abortAfter, boolean trickle, boolean fresh,
                         boolean hasFuzzId, String variant) {

    /** {@code kind} or {@code kind/variant}, lower case. */
    public String label() {
        String k = kind.name().toLowerCase(java.util.Locale.ROOT);
        return variant.isEmpty() ? k : k + "/" + variant;
    }

    RawRequest withVariant(String v) {
        return new RawRequest(id, kind, bytes, abortAfter, trickle, fresh, hasFuzzId, v);
    }
}
