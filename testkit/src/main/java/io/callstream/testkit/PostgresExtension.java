package io.callstream.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives a test class a real PostgreSQL server (see {@link EmbeddedPostgres}):
 * <pre>{@code @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();}</pre>
 * Started before all tests of the class in a fresh temporary directory, stopped after them.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) {
        postgres = EmbeddedPostgres.onFreePort().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; user {@code postgres}, no password. */
    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }
}
