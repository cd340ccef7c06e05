package io.callstream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Prometheus text scrape of a service's {@code /metrics} (the processor's Kafka Streams, producer
 * and consumer metrics), reduced to what the alert-latency breakdown reads.
 */
final class PromMetrics {

    private final Map<String, Double> values;

    PromMetrics(Map<String, Double> values) {
        this.values = values;
    }

    /**
     * Parses Prometheus text: for each metric name, the sum of its samples whose labels contain
     * {@code labelFilter} (null or empty: every sample). NaN and unparsable values are skipped.
     */
    static PromMetrics parse(String text, String labelFilter) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            String name = brace > 0 && brace < space ? line.substring(0, brace) : line.substring(0, space).trim();
            String labels = brace > 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            if (labelFilter != null && !labelFilter.isEmpty() && !labels.contains(labelFilter)) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                out.merge(name, v, Double::sum);
            }
        }
        return new PromMetrics(out);
    }

    static PromMetrics scrape(String url, String labelFilter) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String body = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return parse(body, labelFilter);
        } catch (Exception e) {
            BenchSuite.progress("metrics scrape of " + url + " failed: " + e);
            return new PromMetrics(Map.of());
        }
    }

    /** The metric's value, NaN when absent. */
    double get(String name) {
        return values.getOrDefault(name, Double.NaN);
    }

    /** {@code this} minus {@code before} for a counter, NaN when either lacks it. */
    double since(PromMetrics before, String name) {
        return get(name) - before.get(name);
    }

    Map<String, Double> values() {
        return values;
    }
}
