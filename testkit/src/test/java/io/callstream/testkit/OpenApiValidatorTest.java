package io.callstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.openapi.contract.OpenAPIVersion;
import org.junit.jupiter.api.Test;

class OpenApiValidatorTest {

    private static final String DOC = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /things/{id}:
                post:
                  operationId: putThing
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string, pattern: '^[a-z]+$'}}
                    - {name: n, in: query, required: true, schema: {type: integer}}
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: {type: object, required: [name], properties: {name: {type: string}}}
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {type: object, required: [ok], properties: {ok: {type: [boolean, 'null']}}}
                    '400': {description: bad}
              /doc:
                get:
                  operationId: doc
                  responses:
                    '200': {description: it, content: {application/yaml: {schema: {type: string}}}}
              /text:
                get:
                  operationId: text
                  responses:
                    '200': {description: it, content: {text/plain: {schema: {type: string}}}}
            """;

    @Test
    void shouldAcceptAnExchangeWhenItMatchesTheDocument() {
        OpenApiValidator v = OpenApiValidator.of(DOC);

        v.assertExchange("POST", "/things/abc?n=3", "application/json", "{\"name\":\"x\"}", 200,
                "application/json; charset=utf-8", "{\"ok\":null}");
        v.assertExchange("GET", "/doc", null, null, 200, "application/yaml", "openapi: 3.1.0");
        v.assertExchange("GET", "/text", null, null, 200, "text/plain; version=0.0.4; charset=utf-8", "x_total 1.0");

        assertThat(v.version()).isEqualTo(OpenAPIVersion.V3_1);
        assertThat(v.documents("POST", "/things/abc")).isTrue();
        assertThat(v.documents("GET", "/things/abc")).isFalse();
    }

    @Test
    void shouldRefuseAnExchangeWhenTheAnswerOrRequestDisagrees() {
        OpenApiValidator v = OpenApiValidator.of(DOC);

        assertThatThrownBy(() -> v.assertExchange("POST", "/things/abc?n=3", "application/json", "{\"name\":\"x\"}",
                200, "application/json", "{\"ok\":1}")).isInstanceOf(AssertionError.class).hasMessageContaining("answer");
        assertThatThrownBy(() -> v.assertExchange("POST", "/things/abc?n=3", "application/json", "{\"name\":\"x\"}",
                201, "application/json", "{\"ok\":true}")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> v.assertExchange("POST", "/things/abc?n=x", "application/json", "{\"name\":\"x\"}",
                200, "application/json", "{\"ok\":true}")).isInstanceOf(AssertionError.class).hasMessageContaining("request");
        assertThatThrownBy(() -> v.assertExchange("POST", "/things/ABC?n=1", "application/json", "{}",
                200, "application/json", "{\"ok\":true}")).isInstanceOf(AssertionError.class).hasMessageContaining("request");
        assertThatThrownBy(() -> v.assertExchange("GET", "/nothing", null, null, 200, null, null))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no operation");
    }

    @Test
    void shouldNotCheckTheRequestWhenTheAnswerIsAClientError() {
        OpenApiValidator.of(DOC).assertExchange("POST", "/things/abc", "application/json", "{", 400, null, null);
    }

    @Test
    void shouldFailToLoadWhenTheDocumentIsNotOpenApi() {
        assertThatThrownBy(() -> OpenApiValidator.of("openapi: 3.1.0\ninfo: {title: t}\npaths: 7\n"))
                .isInstanceOf(AssertionError.class);
    }
}
