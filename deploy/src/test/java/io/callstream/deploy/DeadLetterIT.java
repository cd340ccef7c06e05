package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.ingest.IngestServer;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.processor.ProcessorApp;
import io.callstream.processor.ProcessorConfig;
import io.callstream.schemas.DeadLetterHeaders;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * call-events-dlq has one shape whoever writes it: a webhook ingest answered 400 and a record of
 * call-events the processor cannot decode, both written by the real services to a real broker,
 * read back by one consumer through one {@code DeadLetter} deserializer.
 */
class DeadLetterIT {

    /** State folders of the processors under test, deleted after each test. */
    @TempDir
    Path tmp;


    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private static final long SDK_APP_ID = 1_400_000_001L;

    @Test
    void shouldReadDeadLettersOfIngestAndProcessorThroughOneDecoderWhenBothRejectInput() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String events = "events-" + id;
        String dlq = "dlq-" + id;
        KAFKA.createTopics(1, events, dlq, "summaries-" + id, "alerts-" + id);
        byte[] invalidBody = ("{\"CallId\":\"dl-http-" + id + "\",\"Event\":\"start_call\",\"EventTime\":1704695566}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] garbage = "not a CallEvent".getBytes(StandardCharsets.UTF_8);

        try (IngestServer ingest = IngestServer.start(IngestConfig.of(Map.of("http.host", "127.0.0.1", "http.port", "0",
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(), "schema.registry.url", REGISTRY.url(),
                "sdkappids", Long.toString(SDK_APP_ID), "topic.call-events", events, "topic.call-events-dlq", dlq)));
             ProcessorApp processor = ProcessorApp.start(ProcessorConfig.of(Map.of("application.id", "dead-letter-it-" + id,
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(), "schema.registry.url", REGISTRY.url(),
                "topic.call-events", events, "topic.call-events-dlq", dlq, "topic.call-summaries", "summaries-" + id,
                "topic.missed-call-alerts", "alerts-" + id, "processor.host", "127.0.0.1", "processor.port", "0",
                "state.dir", Files.createTempDirectory(tmp, "dead-letter-it-").toString())))) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + ingest.port() + "/callbacks/callkit?sdkappid=" + SDK_APP_ID
                            + "&command=caller_start_call&contenttype=json"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(invalidBody))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(400);
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                    new ByteArraySerializer())) {
                p.send(new ProducerRecord<>(events, "dl-kafka-" + id, garbage)).get();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING
                    && readAll(dlq).size() == 2);
        }

        List<ConsumerRecord<String, DeadLetter>> letters = new ArrayList<>(readAll(dlq));
        letters.sort(Comparator.comparing(r -> r.value().getSource()));
        DeadLetter fromIngest = letters.get(0).value();
        DeadLetter fromProcessor = letters.get(1).value();

        assertThat(letters.get(0).key()).isEqualTo("dl-http-" + id);
        assertThat(fromIngest.getSource()).isEqualTo(DeadLetterSource.INGEST);
        assertThat(fromIngest.getReason()).isEqualTo("MISSING_FIELD");
        assertThat(fromIngest.getMessage()).isEqualTo("UserId: missing required field");
        assertThat(bytes(fromIngest.getPayload())).isEqualTo(invalidBody);
        assertThat(fromIngest.getHttpRequest().getPath()).isEqualTo("/callbacks/callkit");
        assertThat(fromIngest.getHttpRequest().getRawQuery()).contains("command=caller_start_call");
        assertThat(fromIngest.getHttpRequest().getRemoteAddress()).startsWith("127.0.0.1:");
        assertThat(fromIngest.getKafkaRecord()).isNull();

        assertThat(letters.get(1).key()).isEqualTo("dl-kafka-" + id);
        assertThat(fromProcessor.getSource()).isEqualTo(DeadLetterSource.PROCESSOR);
        assertThat(fromProcessor.getReason()).isEqualTo("UNDECODABLE_VALUE");
        assertThat(fromProcessor.getMessage()).startsWith("undecodable value");
        assertThat(bytes(fromProcessor.getPayload())).isEqualTo(garbage);
        assertThat(fromProcessor.getKafkaRecord().getTopic()).isEqualTo(events);
        assertThat(fromProcessor.getKafkaRecord().getOffset()).isZero();
        assertThat(fromProcessor.getHttpRequest()).isNull();

        assertThat(letters).allSatisfy(r -> assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON))
                .isEqualTo(r.value().getReason()));
        assertThat(DeadLetterHeaders.text(letters.get(1).headers(), "__streams.errors.topic")).isEqualTo(events);
    }

    /** Every committed record of the topic, values through the one {@code DeadLetter} deserializer. */
    private static List<ConsumerRecord<String, DeadLetter>> readAll(String topic) {
        Map<String, Object> props = new java.util.HashMap<>(KAFKA.consumerProps("dlq-reader-" + UUID.randomUUID()));
        props.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, DeadLetter>> out = new ArrayList<>();
        try (AvroSerde<DeadLetter> serde = AvroSerde.of(DeadLetter.class, Map.of("schema.registry.url", REGISTRY.url()));
             KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                     serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && out.size() < 2) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
