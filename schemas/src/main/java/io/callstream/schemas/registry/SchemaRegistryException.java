package io.callstream.schemas.registry;

/**
 * A schema-registry call failed. Carries the HTTP status and the registry's {@code error_code}
 * (Confluent codes: 409 incompatible, 42201 invalid schema, 40401 subject not found, 40403 schema
 * not found); both are 0 when no answer came (IO error, timeout).
 */
public class SchemaRegistryException extends RuntimeException {

    public static final int INCOMPATIBLE = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
        this.errorCode = 0;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean isIncompatible() {
        return errorCode == INCOMPATIBLE || httpStatus == 409;
    }

    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** True when the call may succeed if repeated: no answer at all, or a 5xx. */
    public boolean isRetriable() {
        return httpStatus == 0 || httpStatus >= 500;
    }
}
