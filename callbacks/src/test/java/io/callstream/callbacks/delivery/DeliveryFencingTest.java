package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.callbacks.AddressPolicy;
import io.callstream.callbacks.SigningSecrets;
import io.callstream.callbacks.store.InMemoryCallbackConfigStore;
import io.callstream.callbacks.store.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine against a real loopback subscriber, with the retry topic and the dead letters on Kafka's
 * MockProducer: a revoked partition starts no new attempt (its next owner does it), the attempt in flight
 * is awaited, and a callback whose first attempt fails is parked rather than retried in memory.
 */
class DeliveryFencingTest {

    Vertx vertx;
    HttpServer server;
    final List<String> received = new CopyOnWriteArrayList<>();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final MockProducer<String, String> retryTopic = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    final MockProducer<String, String> dlq = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    final InMemoryCallbackConfigStore store = new InMemoryCallbackConfigStore();
    DeliveryEngine engine;

    Duration disableAfter = Duration.ofDays(5);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            received.add(req.path() + " " + b.toJsonObject().getString("CallId"));
            if (req.path().startsWith("/busy")) {
                req.response().setStatusCode(503).end();
            } // /hang: never answers
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        engine = engine(disableAfter);
    }

    private DeliveryEngine engine(Duration disableAfter) {
        CallbackSender sender = new CallbackSender(vertx, new AddressPolicy(true), Duration.ofMillis(500), 65536,
                Executors.newCachedThreadPool(), SigningSecrets.none(), Clock.systemUTC());
        return new DeliveryEngine(store, sender, new DeadLetterWriter(new AckedWriter(dlq, scheduler), "dlq", Clock.systemUTC()),
                new RetryPolicy(5, Duration.ofSeconds(5), Duration.ofMinutes(1)), 1, 1000,
                new DeliveryMetrics(new SimpleMeterRegistry(), () -> 0), scheduler, Executors.newCachedThreadPool(),
                new RetryTopic(new AckedWriter(retryTopic, scheduler), "retry"), 1000, Clock.systemUTC(), disableAfter);
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void shouldStartNoAttemptButAwaitTheOneInFlightWhenThePartitionIsRevoked() throws Exception {
        subscribe("/hang");
        Lease lease = new Lease();
        CompletableFuture<Void> first = engine.submit(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1), lease);
        CompletableFuture<Void> second = engine.submit(CallEvents.event("c2", "alice", CallRole.CALLER, CallEventType.START_CALL, 2), lease);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

        lease.revoke();
        lease.drained().get(10, TimeUnit.SECONDS);

        // the lease drains as the attempt's work ends; its future completes right after, on the engine's thread
        first.get(10, TimeUnit.SECONDS); // the attempt in flight finished normally (timed out, parked)
        assertThat(second).isCompletedExceptionally();
        assertThat(second.handle((v, e) -> e.getCause() != null ? e.getCause() : e).get()).isInstanceOf(Lease.FencedException.class);
        assertThat(received).containsExactly("/hang c1");
        assertThat(retryTopic.history()).singleElement().satisfies(r -> assertThat(r.value()).contains("\"callId\":\"c1\""));
    }

    @Test
    void shouldParkTheUnstartedCallbacksAndFinishEveryRecordWhenThePartitionIsHandedOver() throws Exception {
        subscribe("/hang");
        Lease lease = new Lease();
        CompletableFuture<Void> inFlight = engine.submit(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1), lease);
        CompletableFuture<Void> queued = engine.submit(CallEvents.event("c2", "alice", CallRole.CALLER, CallEventType.START_CALL, 2), lease);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

        lease.handOver();
        CompletableFuture<Void> later = engine.submit(CallEvents.event("c3", "alice", CallRole.CALLER, CallEventType.START_CALL, 3), lease);
        CompletableFuture.allOf(inFlight, queued, later).get(10, TimeUnit.SECONDS);

        assertThat(received).as("no attempt starts after the hand-over").containsExactly("/hang c1");
        assertThat(retryTopic.history()).extracting(r -> Parked.fromJson(r.value().getBytes()))
                .extracting(p -> p.request().callId() + " " + p.attempts())
                .containsExactlyInAnyOrder("c1 1", "c2 0", "c3 0");
        assertThat(retryTopic.history()).extracting(r -> Parked.fromJson(r.value().getBytes()))
                .filteredOn(p -> p.attempts() == 0)
                .allSatisfy(p -> {
                    assertThat(p.lastError()).contains("handed over");
                    assertThat(p.dueAt()).isLessThanOrEqualTo(System.currentTimeMillis());
                });
        assertThat(dlq.history()).isEmpty();
    }

    @Test
    void shouldParkOnTheRetryTopicAndHandTheRecordBackWhenTheFirstAttemptFails() throws Exception {
        subscribe("/busy");

        engine.submit(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1), new Lease()).get(10, TimeUnit.SECONDS);
        long afterAttempt = System.currentTimeMillis();

        assertThat(received).containsExactly("/busy c1");
        assertThat(retryTopic.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("retry");
            assertThat(r.key()).isEqualTo("c1");
            Parked p = Parked.fromJson(r.value().getBytes());
            assertThat(p.attempts()).isEqualTo(1);
            assertThat(p.lastStatus()).isEqualTo(503);
            // the first backoff, [2.5 s, 5 s), counts from the attempt's end: the attempt's own time comes on top
            assertThat(p.dueAt() - p.firstAttemptAt()).isGreaterThanOrEqualTo(2_500L);
            assertThat(p.dueAt()).isLessThanOrEqualTo(afterAttempt + 5_000L);
        });
        assertThat(dlq.history()).isEmpty();
    }

    @Test
    void shouldParkACallsLaterCallbackBehindAParkedOneWhenItsFirstWasParked() throws Exception {
        subscribe("/busy");
        Lease lease = new Lease();

        engine.submit(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1), lease).get(10, TimeUnit.SECONDS);
        engine.submit(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 2), lease).get(10, TimeUnit.SECONDS);

        assertThat(received).as("the second is not sent before the first").hasSize(1);
        assertThat(retryTopic.history()).hasSize(2);
        assertThat(Parked.fromJson(retryTopic.history().get(1).value().getBytes()).lastError()).contains("behind an earlier callback");
    }

    @Test
    void shouldDisableTheAddressAndDeadLetterWithoutAnAttemptWhenItKeptFailingForTheDisablePeriod() throws Exception {
        engine = engine(Duration.ZERO);
        subscribe("/busy");

        engine.submit(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1), new Lease()).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.get(CallEvents.APP).orElseThrow().legacy().orElseThrow().disabled());
        engine.submit(CallEvents.event("c2", "alice", CallRole.CALLER, CallEventType.START_CALL, 2), new Lease()).get(10, TimeUnit.SECONDS);

        assertThat(received).as("no attempt to a disabled address").containsExactly("/busy c1");
        assertThat(dlq.history()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("c2");
            assertThat(r.value()).contains("disabled since").contains("\"refused\":true");
        });
    }

    private void subscribe(String path) {
        store.update(CallEvents.APP, c -> c.withLegacy(Optional.of(new Subscription("http://127.0.0.1:" + server.actualPort() + path,
                List.of("caller_start_call"))), 1)).join();
    }
}
