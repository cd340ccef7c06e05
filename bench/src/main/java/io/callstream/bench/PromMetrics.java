package io.callstream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Prometheus text scrape of a service's {@code /metrics}: each metric name's samples summed (what
 * the alert-latency breakdown reads from the processor), and each series as served (name with its
 * labels, e.g. the histogram buckets {@link IngestBreakdown} reads from ingest).
 */
final class PromMetrics {

    private final Map<String, Double> values;
    private final Map<String, Double> series;

    PromMetrics(Map<String, Double> values) {
        this(values, Map.of());
    }

    private PromMetrics(Map<String, Double> values, Map<String, Double> series) {
        this.values = values;
        this.series = series;
    }

    /**
     * Parses Prometheus text: for each metric name, the sum of its samples whose labels contain
     * {@code labelFilter} (null or empty: every sample). NaN and unparsable values are skipped.
     */
    static PromMetrics parse(String text, String labelFilter) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Double> series = new LinkedHashMap<>();
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
            series.put(line.substring(0, space), v);
            if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                out.merge(name, v, Double::sum);
            }
        }
        return new PromMetrics(out, series);
    }

    /** {@link #parse} of {@code url}'s answer; fails when it cannot be read. */
    static PromMetrics fetch(String url, String labelFilter) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return parse(body, labelFilter);
    }

    /** {@link #fetch}, or no metrics (and a progress line) when it cannot be read. */
    static PromMetrics scrape(String url, String labelFilter) {
        try {
            return fetch(url, labelFilter);
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

    /** Every sample as served: {@code name{labels}} (or the bare name) → value, NaN included. */
    Map<String, Double> series() {
        return series;
    }
}
