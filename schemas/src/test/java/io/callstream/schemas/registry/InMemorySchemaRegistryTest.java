package io.callstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.schemas.SampleRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope("in-memory-test");

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.drop("in-memory-test");
    }

    @Test
    void shouldShareIdsAcrossSubjectsWhenSchemaIsTheSame() {
        int a = registry.register("a-value", CallEvent.getClassSchema());
        int b = registry.register("b-value", CallEvent.getClassSchema());
        int again = registry.register("a-value", CallEvent.getClassSchema());

        assertThat(b).isEqualTo(a);
        assertThat(again).isEqualTo(a);
        assertThat(registry.register("c-value", CallSummary.getClassSchema())).isNotEqualTo(a);
    }

    @Test
    void shouldAddVersionWhenChangeIsBackwardCompatible() {
        registry.register("s", CallEvent.getClassSchema());
        int id = registry.register("s", SampleRecords.evolvedCallEventSchema());

        assertThat(registry.latest("s").version()).isEqualTo(2);
        assertThat(registry.latest("s").id()).isEqualTo(id);
    }

    @Test
    void shouldRefuseWith409WhenChangeIsIncompatible() {
        registry.register("s", CallEvent.getClassSchema());

        assertThatThrownBy(() -> registry.register("s", SampleRecords.incompatibleCallEventSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("incompatible").contains("tenantId");
                });
    }

    @Test
    void shouldAnswerConfluentNotFoundCodesWhenUnknown() {
        assertThatThrownBy(() -> registry.getById(999)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.latest("none")).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(40401));
        registry.register("s", CallEvent.getClassSchema());
        assertThatThrownBy(() -> registry.lookupId("s", CallSummary.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    }
}
