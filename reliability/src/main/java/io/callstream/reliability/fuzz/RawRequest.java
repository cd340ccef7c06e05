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
 */
public record RawRequest(String id, FuzzKind kind, byte[] bytes, int abortAfter, boolean trickle, boolean fresh,
                         boolean hasFuzzId) {
}
