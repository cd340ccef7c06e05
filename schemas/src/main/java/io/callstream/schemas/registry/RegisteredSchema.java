package io.callstream.schemas.registry;

/** One version of a schema under a subject, as the registry reports it. */
public record RegisteredSchema(String subject, int version, int id, String schema) {
}
