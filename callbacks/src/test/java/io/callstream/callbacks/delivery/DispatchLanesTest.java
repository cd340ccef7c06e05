package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.schemas.serde.AvroSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The dispatch queues: one app's records in read order, apps taking turns, and the cheap SDKAppID read. */
class DispatchLanesTest {

    @Test
    void shouldServeAnotherAppWithinOneTurnWhenOneAppHasAFloodQueued() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch hold = new CountDownLatch(1);
        try (DispatchLanes lanes = new DispatchLanes(1)) {
            lanes.execute(1L, () -> await(hold));
            for (int i = 0; i < 1000; i++) {
                int n = i;
                lanes.execute(1L, () -> ran.add("flood-" + n));
            }
            CompletableFuture<Void> other = lanes.submit(2L, () -> {
                ran.add("other");
                return CompletableFuture.completedFuture(null);
            });
            hold.countDown();
            other.get(10, TimeUnit.SECONDS);
        }
        assertThat(ran.indexOf("other")).as("the other app waits for one turn of the flood, not all of it")
                .isLessThanOrEqualTo(DispatchLanes.TURN);
    }

    @Test
    void shouldRunEachAppsRecordsInTheOrderGivenWhenSeveralThreadsWork() throws Exception {
        Map<Long, List<Integer>> seen = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (DispatchLanes lanes = new DispatchLanes(4)) {
            for (int i = 0; i < 2000; i++) {
                for (long app = 1; app <= 5; app++) {
                    long a = app;
                    int n = i;
                    all.add(lanes.submit(a, () -> {
                        seen.computeIfAbsent(a, k -> new CopyOnWriteArrayList<>()).add(n);
                        return CompletableFuture.completedFuture(null);
                    }));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertThat(seen).hasSize(5);
        seen.values().forEach(list -> assertThat(list).hasSize(2000).isSorted());
    }

    @Test
    void shouldFailTheFutureWhenTheWorkThrows() {
        try (DispatchLanes lanes = new DispatchLanes(1)) {
            CompletableFuture<Void> f = lanes.submit(1L, () -> {
                throw new IllegalStateException("bad configuration");
            });
            assertThat(f).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shouldReadTheSdkAppIdWithoutTheFullDecodingWhenTheRecordIsACallEvent() {
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://dispatch-lanes-test");
        CallEvent e = CallEvents.event(1400000099L, "call-1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1);
        byte[] bytes = AvroSerde.of(CallEvent.class, registry).serializer().serialize("call-events", e);

        AppIds ids = new AppIds(registry);

        assertThat(ids.of("call-events", bytes)).isEqualTo(1400000099L);
        assertThat(ids.of("call-events", new byte[] {1, 2, 3})).isEqualTo(AppIds.UNKNOWN);
        assertThat(ids.of("call-events", null)).isEqualTo(AppIds.UNKNOWN);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
