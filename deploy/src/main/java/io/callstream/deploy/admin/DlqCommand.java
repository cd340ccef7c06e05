package io.callstream.deploy.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.avro.DeadLetter;
import io.callstream.ingest.http.SignatureVerifier;
import io.callstream.schemas.serde.AvroSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code callstream-admin dlq inspect|replay}: reads {@code call-events-dlq} and re-posts dead-lettered webhooks. */
@Command(name = "dlq", description = "The dead letters of call-events-dlq.", mixinStandardHelpOptions = true,
        subcommands = {DlqCommand.Inspect.class, DlqCommand.Replay.class})
final class DlqCommand extends Group {

    /** Options both commands share: where, which letters. */
    static final class Filters {
        @Option(names = "--since", paramLabel = "TIME", converter = TimeArgs.InstantConverter.class,
                description = "Letters dead-lettered at or after TIME: an instant (2026-12-06T10:00:00Z) or a duration back from now (2h).")
        Instant since;
        @Option(names = "--until", paramLabel = "TIME", converter = TimeArgs.InstantConverter.class,
                description = "Letters dead-lettered before TIME (same forms).")
        Instant until;
        @Option(names = "--reason", paramLabel = "REASON", split = ",",
                description = "Only these reasons (MISSING_FIELD, UNDECODABLE_VALUE, ...; repeat or comma-separate).")
        Set<String> reasons = new LinkedHashSet<>();
        @Option(names = "--source", paramLabel = "SOURCE", split = ",", description = "Only INGEST or PROCESSOR letters.")
        Set<String> sources = new LinkedHashSet<>();
        @Option(names = "--limit", paramLabel = "N", description = "At most N letters (default: all).")
        long limit = Long.MAX_VALUE;
        @Option(names = "--topic", paramLabel = "TOPIC", description = "Default: the topic.call.events.dlq setting (call-events-dlq).")
        String topic;

        DeadLetterReader.Selection selection() {
            if (since != null && until != null && !since.isBefore(until)) {
                throw new IllegalArgumentException("--since " + since + " is not before --until " + until);
            }
            for (String s : sources) {
                if (!s.equals("INGEST") && !s.equals("PROCESSOR")) {
                    throw new IllegalArgumentException("--source must be INGEST or PROCESSOR, got " + s);
                }
            }
            return new DeadLetterReader.Selection(Optional.ofNullable(since), Optional.ofNullable(until), reasons,
                    sources, limit);
        }
    }

    /** Reads the selected letters and hands each to {@code sink}; returns how many were read and selected. */
    static long[] forEach(Connection connection, Filters filters, Consumer<DeadLetterReader.Letter> sink) {
        DeadLetterReader.Selection selection = filters.selection();
        String topic = filters.topic != null ? filters.topic : connection.stack().topicCallEventsDlq();
        AtomicLong read = new AtomicLong();
        AtomicLong selected = new AtomicLong();
        try (AvroSerde<DeadLetter> serde = AvroSerde.of(DeadLetter.class, connection.registryClient())) {
            new DeadLetterReader(connection.kafkaClient(), topic).read(selection.since(), serde.deserializer(), l -> {
                read.incrementAndGet();
                boolean wanted = l.value() == null
                        ? selection.reasons().isEmpty() && selection.sources().isEmpty()
                        : selection.accepts(l.value());
                if (wanted && selected.get() < selection.limit()) {
                    selected.incrementAndGet();
                    sink.accept(l);
                }
            });
        }
        return new long[] {read.get(), selected.get()};
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Prints the dead letters of call-events-dlq as JSON lines: partition, offset, source, reason,"
                + " message, deadLetteredAt, callId, origin (httpRequest or kafkaRecord) and a preview of the original"
                + " bytes (payloadText, or payloadBase64 when they are not UTF-8). Undecodable records print an"
                + " 'error' line. A summary (counts per reason) goes to standard error."})
    static final class Inspect implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Mixin
        Filters filters;
        @Spec
        CommandSpec spec;
        @Option(names = "--preview-bytes", paramLabel = "N", description = "Bytes of the payload shown (default 256).")
        int previewBytes = 256;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Long> perReason = new TreeMap<>();
            long[] counts = forEach(connection, filters, l -> {
                out.println(DeadLetterJson.of(l, previewBytes));
                perReason.merge(l.value() == null ? "(undecodable)" : l.value().getReason(), 1L, Long::sum);
            });
            out.flush();
            spec.commandLine().getErr().println("dlq inspect: " + counts[1] + " of " + counts[0]
                    + " dead letters selected " + perReason);
            return AdminMain.OK;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Posts the selected dead-lettered webhooks again to ingest (after a fix): each letter's original"
                + " body, byte for byte, to <ingest URL><original path>?<original query>, with its content type."
                + " Prints a JSON line per letter with ingest's answer, then a summary of the answers on standard"
                + " error. Letters of the processor (not webhooks) are skipped. Nothing is removed from the topic:"
                + " select by --since/--until/--reason to replay a letter once.",
                "Exit 1 when any replayed webhook was not accepted (non-2xx or no answer)."})
    static final class Replay implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Mixin
        Filters filters;
        @Spec
        CommandSpec spec;
        @Option(names = "--ingest-url", paramLabel = "URL", required = true,
                description = "Base URL of ingest, e.g. http://ingest:8080 (the original path is appended).")
        String ingestUrl;
        @Option(names = "--dry-run", description = "Print what would be posted; post nothing.")
        boolean dryRun;
        @Option(names = "--header", paramLabel = "NAME=VALUE", description = "An extra request header (repeatable).")
        Map<String, String> headers = new LinkedHashMap<>();
        @Option(names = "--signature-key", paramLabel = "KEY",
                description = "Sign each request with callstream's signature (ingest.signature.key); default: $CALLSTREAM_INGEST_SIGNATURE_KEY.")
        String signatureKey = System.getenv("CALLSTREAM_INGEST_SIGNATURE_KEY");
        @Option(names = "--timeout", paramLabel = "DURATION", converter = TimeArgs.DurationConverter.class,
                description = "Per request (default 10s).")
        Duration timeout = Duration.ofSeconds(10);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
            Map<String, Long> answers = new TreeMap<>();
            long[] notAccepted = {0};
            long[] counts = forEach(connection, filters, l -> {
                ObjectNode line = DeadLetterJson.of(l, 0);
                line.remove("payloadText");
                line.remove("payloadBase64");
                Optional<String> skip = l.value() == null ? Optional.of(l.error()) : WebhookReplay.notReplayable(l.value());
                if (skip.isPresent()) {
                    line.put("replay", "skipped: " + skip.get());
                    answers.merge("skipped", 1L, Long::sum);
                } else {
                    HttpRequest request = WebhookReplay.request(ingestUrl, l.value(), signed(l.value()), timeout);
                    line.put("url", request.uri().toString());
                    if (dryRun) {
                        line.put("replay", "dry run");
                        answers.merge("dry run", 1L, Long::sum);
                    } else {
                        String answer = post(http, request, line);
                        answers.merge(answer, 1L, Long::sum);
                        if (!answer.startsWith("2")) {
                            notAccepted[0]++;
                        }
                    }
                }
                out.println(line);
            });
            out.flush();
            spec.commandLine().getErr().println("dlq replay" + (dryRun ? " (dry run)" : "") + ": " + counts[1] + " of "
                    + counts[0] + " dead letters selected; answers " + answers);
            return notAccepted[0] == 0 ? AdminMain.OK : AdminMain.FAILED;
        }

        private Map<String, String> signed(DeadLetter d) {
            if (signatureKey == null || signatureKey.isBlank()) {
                return headers;
            }
            Map<String, String> h = new HashMap<>(headers);
            String ts = Long.toString(Instant.now().getEpochSecond());
            h.put(SignatureVerifier.TIMESTAMP_HEADER, ts);
            h.put(SignatureVerifier.SIGNATURE_HEADER, SignatureVerifier.sign(signatureKey, ts,
                    DeadLetterJson.bytes(d.getPayload())));
            return h;
        }

        private static String post(HttpClient http, HttpRequest request, ObjectNode line) {
            try {
                HttpResponse<String> res = http.send(request, HttpResponse.BodyHandlers.ofString());
                line.put("status", res.statusCode());
                line.put("answer", res.body().length() > 300 ? res.body().substring(0, 300) : res.body());
                return Integer.toString(res.statusCode());
            } catch (IOException e) {
                line.put("error", e.toString());
                return "no answer";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
