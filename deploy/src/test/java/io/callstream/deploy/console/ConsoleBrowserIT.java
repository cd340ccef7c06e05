package io.callstream.deploy.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.callstream.avro.CallEvent;
import io.callstream.avro.MissedCallAlert;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.PlannedCall;
import io.callstream.deploy.traffic.Scenario;
import io.callstream.deploy.traffic.WebhookRequest;
import io.callstream.ingest.IngestServer;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.processor.ProcessorApp;
import io.callstream.processor.ProcessorConfig;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The live call console in a real Chromium (the system's {@code chromium} and {@code chromedriver}), against
 * the running pipeline: a real broker and registry, ingest and the processor in this JVM, webhooks from the
 * traffic generator posted to ingest. Skipped, saying why, only where no Chromium or chromedriver is found.
 * The last screenshot is written to {@code target/console.png}.
 */
class ConsoleBrowserIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private static final long SDK_APP_ID = 1_400_000_001L;
    private static final Duration PIPELINE = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String events = "events-" + id;
    private final String alerts = "alerts-" + id;
    private final String summaries = "summaries-" + id;
    private IngestServer ingest;
    private ProcessorApp processor;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        Path chromium = executable("CHROMIUM_BIN", "chromium", "chromium-browser", "google-chrome");
        Path driver = executable("CHROMEDRIVER_BIN", "chromedriver");
        assumeTrue(chromium != null && driver != null, "ConsoleBrowserIT skipped: no Chromium (" + chromium
                + ") or chromedriver (" + driver + ") on the PATH; install Debian's chromium and chromium-driver");
        KAFKA.createTopics(2, events, "dlq-" + id, summaries, alerts, "participants-" + id);
        ingest = IngestServer.start(IngestConfig.of(Map.of("http.host", "127.0.0.1", "http.port", "0",
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(), "schema.registry.url", REGISTRY.url(),
                "sdkappids", Long.toString(SDK_APP_ID), "topic.call-events", events, "topic.call-events-dlq", "dlq-" + id)));
        Map<String, String> p = new HashMap<>(Map.of("application.id", "console-it-" + id,
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(), "schema.registry.url", REGISTRY.url(),
                "topic.call-events", events, "topic.call-events-dlq", "dlq-" + id, "topic.call-summaries", summaries,
                "topic.missed-call-alerts", alerts, "topic.call-participants", "participants-" + id,
                "processor.host", "127.0.0.1", "processor.port", "0"));
        p.put("session.settle.delay", "1s");
        p.put("state.dir", Files.createTempDirectory(tmp, "console-it-").toString());
        processor = ProcessorApp.start(ProcessorConfig.of(p));
        await().atMost(PIPELINE).until(() -> processor.state() == KafkaStreams.State.RUNNING);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1560",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (processor != null) {
            processor.close();
        }
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void shouldShowLiveTrafficAlertsAndACallsTimelineWhenCallsArrive() throws Exception {
        browser.get("http://127.0.0.1:" + processor.port() + "/console/");
        await().atMost(PIPELINE).until(() -> browser.findElement(By.id("status")).getText().equals("live"));
        assertThat(number("#events-rate")).isZero();

        CallFactory calls = new CallFactory(17, "console-" + id, Instant.now().getEpochSecond() - 900, 40);
        List<Scenario> mix = List.of(Scenario.ANSWERED, Scenario.MISSED, Scenario.REJECTED, Scenario.CANCELLED,
                Scenario.GROUP, Scenario.ANSWERED);
        for (int i = 0; i < 30; i++) {
            post(calls.next(mix.get(i % mix.size())));
        }
        // counters and charts move
        await().atMost(PIPELINE).until(() -> (Boolean) js("return consoleCharts.rates.data.datasets[0].data.some(v => v > 0)"
                + " && consoleCharts.rates.data.datasets[1].data.some(v => v > 0)"));
        await().atMost(PIPELINE).until(() -> (Boolean) js("return consoleCharts.outcomes.data.datasets.length > 0"
                + " && consoleCharts.ring.data.datasets[0].data.some(v => v > 0)"
                + " && consoleCharts.talk.data.datasets[0].data.some(v => v > 0)"));
        await().atMost(PIPELINE).until(() -> !browser.findElement(By.id("answer-rate")).getText().equals("–"));

        // a new missed call: its alert is in the feed within 2 s of being on missed-call-alerts
        PlannedCall missed = calls.next(Scenario.MISSED);
        String callId = missed.expected().callId();
        post(missed);
        post(missed.webhooks().get(0)); // a redelivery: the timeline marks it
        MissedCallAlert alert = awaitAlert(callId);
        await().atMost(Duration.ofSeconds(2)).until(() ->
                !browser.findElements(By.cssSelector("#alerts li[data-alert-id='" + alert.getAlertId() + "']")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#alerts li[data-alert-id='" + alert.getAlertId() + "']"))
                .getText()).contains(alert.getCalleeId()).contains("NO_ANSWER");

        // the call lookup shows every event of the call in event time, the redelivery marked, and its summary
        List<CallEvent> logged = eventsOf(callId);
        browser.findElement(By.id("lookup-input")).sendKeys(callId);
        browser.findElement(By.id("lookup-button")).click();
        await().atMost(PIPELINE).until(() -> browser.findElements(By.cssSelector("#timeline tbody tr")).size()
                == logged.size() && !browser.findElements(By.cssSelector("#revisions tbody tr")).isEmpty());
        List<WebElement> rows = browser.findElements(By.cssSelector("#timeline tbody tr"));
        assertThat(rows.stream().map(r -> r.getAttribute("data-event-id")).toList())
                .isEqualTo(logged.stream().sorted(Comparator.comparing(CallEvent::getEventTime))
                        .map(CallEvent::getEventId).toList());
        assertThat(rows.stream().filter(r -> r.getAttribute("class").contains("duplicate")).count()).isEqualTo(1);
        assertThat(browser.findElement(By.cssSelector("#revisions tbody tr")).getText()).startsWith("1 MISSED");

        screenshot();
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).toList();
        assertThat(errors).isEmpty();
    }

    private void post(PlannedCall call) throws Exception {
        for (WebhookRequest w : call.webhooks()) {
            post(w);
        }
    }

    private void post(WebhookRequest w) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port()
                        + w.pathAndQuery(SDK_APP_ID))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(w.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private MissedCallAlert awaitAlert(String callId) {
        Map<String, Object> props = new HashMap<>(KAFKA.consumerProps("console-it-alerts-" + UUID.randomUUID()));
        props.put("isolation.level", "read_committed");
        try (AvroSerde<MissedCallAlert> serde = AvroSerde.of(MissedCallAlert.class, Map.of("schema.registry.url", REGISTRY.url()));
             KafkaConsumer<String, MissedCallAlert> c = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
            c.subscribe(List.of(alerts));
            long deadline = System.nanoTime() + PIPELINE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, MissedCallAlert> r : c.poll(Duration.ofMillis(100))) {
                    if (r.value().getCallId().equals(callId)) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no missed-call alert for " + callId + " within " + PIPELINE);
    }

    /** Every event of call-events with the call's key, as the test's own consumer reads them. */
    private List<CallEvent> eventsOf(String callId) {
        Map<String, Object> props = new HashMap<>(KAFKA.consumerProps("console-it-events-" + UUID.randomUUID()));
        List<CallEvent> out = new ArrayList<>();
        try (AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", REGISTRY.url()));
             KafkaConsumer<String, CallEvent> c = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
            c.subscribe(List.of(events));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int empty = 0;
            while (System.nanoTime() < deadline && empty < 5) {
                var batch = c.poll(Duration.ofMillis(300));
                empty = batch.isEmpty() && c.assignment().size() > 0 ? empty + 1 : 0;
                batch.forEach(r -> {
                    if (callId.equals(r.key())) {
                        out.add(r.value());
                    }
                });
            }
        }
        return out;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private double number(String selector) {
        String text = browser.findElement(By.cssSelector(selector)).getText().replace(",", "");
        return text.equals("–") ? 0 : Double.parseDouble(text);
    }

    private void screenshot() throws Exception {
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target.resolve("console.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The first of {@code names} on the PATH, or the file named by environment variable {@code env}; null if none. */
    private static Path executable(String env, String... names) {
        String set = System.getenv(env);
        if (set != null && !set.isBlank()) {
            return Files.isExecutable(Path.of(set)) ? Path.of(set) : null;
        }
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(dir -> Stream.of(names).map(n -> Path.of(dir, n))).filter(Files::isExecutable).findFirst();
        return found.orElse(null);
    }
}
