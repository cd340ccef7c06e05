package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlotTest {

    @Test
    void shouldDrawOnePolylineAndLegendEntryPerSeriesWhenPointsAreAdded() {
        String svg = new Plot("latency", "records", "ms").logX()
                .point("p50", 100_000, 2).point("p50", 1_000_000, 3)
                .point("p99", 100_000, 30).point("p99", 1_000_000, 40).svg();

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        assertThat(svg.split("<circle", -1)).hasSize(5);
        assertThat(svg).contains(">p50</text>", ">p99</text>", ">100k</text>", ">1M</text>", "records (log)");
    }

    @Test
    void shouldSkipPointsALogAxisCannotShowWhenTheyAreZeroOrNotFinite() {
        String svg = new Plot("t", "x", "y").logX().logY()
                .point("s", 0, 1).point("s", 10, Double.NaN).point("s", 10, 5).svg();

        assertThat(svg.split("<circle", -1)).hasSize(2);
    }

    @Test
    void shouldEscapeMarkupWhenLabelsContainIt() {
        String svg = new Plot("a < b & c", "x", "y").point("s", 1, 1).svg();

        assertThat(svg).contains("a &lt; b &amp; c").doesNotContain("a < b");
    }
}
