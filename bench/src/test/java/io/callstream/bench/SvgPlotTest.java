package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgPlotTest {

    @Test
    void shouldDrawOnePointPerValueInWellFormedSvgWhenTwoPanelsAreGiven() throws Exception {
        double[] xs = {10_000, 100_000, 1_000_000};
        String svg = SvgPlot.render("cost <growth> & state", List.of(
                new SvgPlot.Panel("throughput", "calls in flight", "events/s", xs, new double[] {4061, 4967, 11081}, "#1f77b4"),
                new SvgPlot.Panel("state", "calls in flight", "MiB", xs, new double[] {34.1, 56.2, 278.0}, "#d62728")));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(6);
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(svg).contains("cost &lt;growth&gt; &amp; state").contains(">278<").contains(">34.1<").contains(">1.00M<");
    }

    @Test
    void shouldRoundTheAxisUpToOneTwoOrFiveTimesAPowerOfTenWhenScaling() {
        assertThat(SvgPlot.niceCeiling(278)).isEqualTo(500);
        assertThat(SvgPlot.niceCeiling(11_081)).isEqualTo(20_000);
        assertThat(SvgPlot.niceCeiling(80.4)).isEqualTo(100);
        assertThat(SvgPlot.niceCeiling(0)).isEqualTo(1);
    }
}
