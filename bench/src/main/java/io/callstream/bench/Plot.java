package io.callstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small SVG line plot built as a plain string (no chart library): one polyline with point markers
 * per series, linear or log-10 axes, a legend. The bench phases write one beside their markdown tables.
 */
final class Plot {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int W = 640;
    private static final int H = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private boolean logX;
    private boolean logY;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    Plot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    Plot logX() {
        logX = true;
        return this;
    }

    Plot logY() {
        logY = true;
        return this;
    }

    /** Adds point (x, y) to the named series (created on first use, in legend order). */
    Plot point(String name, double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) {
            series.computeIfAbsent(name, n -> new ArrayList<>()).add(new double[] {x, y});
        }
        return this;
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, svg());
    }

    String svg() {
        double[] xs = range(0, logX);
        double[] ys = range(1, logY);
        if (!logY) {
            ys[0] = Math.min(0, ys[0]);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H));
        s.append(text(W / 2.0, 22, "middle", 14, title));
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>\n", LEFT, TOP, pw, ph));
        for (double t : ticks(xs, logX)) {
            double x = LEFT + pw * frac(t, xs, logX);
            s.append(line(x, TOP + ph, x, TOP, "#ddd"));
            s.append(text(x, TOP + ph + 16, "middle", 11, label(t)));
        }
        for (double t : ticks(ys, logY)) {
            double y = TOP + ph - ph * frac(t, ys, logY);
            s.append(line(LEFT, y, LEFT + pw, y, "#ddd"));
            s.append(text(LEFT - 6, y + 4, "end", 11, label(t)));
        }
        s.append(text(LEFT + pw / 2.0, H - 12, "middle", 12, xLabel + (logX ? " (log)" : "")));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" "
                + "transform=\"rotate(-90 16 %.1f)\">%s</text>\n", TOP + ph / 2.0, TOP + ph / 2.0,
                escape(yLabel + (logY ? " (log)" : ""))));
        int k = 0;
        for (var e : series.entrySet()) {
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) {
                double x = LEFT + pw * frac(p[0], xs, logX);
                double y = TOP + ph - ph * frac(p[1], ys, logY);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y,
                        colour));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>\n", colour, pts.toString().trim()));
            double ly = TOP + 10 + 18 * k;
            s.append(line(LEFT + pw + 10, ly, LEFT + pw + 30, ly, colour).replace("stroke-width=\"1\"",
                    "stroke-width=\"3\""));
            s.append(text(LEFT + pw + 34, ly + 4, "start", 11, e.getKey()));
            k++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private double[] range(int axis, boolean log) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<double[]> pts : series.values()) {
            for (double[] p : pts) {
                lo = Math.min(lo, p[axis]);
                hi = Math.max(hi, p[axis]);
            }
        }
        if (lo > hi) {
            return new double[] {log ? 1 : 0, log ? 10 : 1};
        }
        if (log) {
            double floor = Math.floor(Math.log10(lo));
            return new double[] {Math.pow(10, floor), Math.pow(10, Math.max(floor + 1, Math.ceil(Math.log10(hi) - 1e-9)))};
        }
        if (lo == hi) {
            return new double[] {lo - 1, hi + 1};
        }
        double pad = (hi - lo) * 0.05;
        return new double[] {lo - pad, hi + pad};
    }

    private static double frac(double v, double[] r, boolean log) {
        return log ? (Math.log10(v) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0]))
                : (v - r[0]) / (r[1] - r[0]);
    }

    private static List<Double> ticks(double[] r, boolean log) {
        List<Double> t = new ArrayList<>();
        if (log) {
            for (double v = r[0]; v <= r[1] * 1.0001; v *= 10) {
                t.add(v);
            }
            return t;
        }
        double raw = (r[1] - r[0]) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
        for (double v = Math.ceil(r[0] / step) * step; v <= r[1]; v += step) {
            t.add(v);
        }
        return t;
    }

    static String label(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"1\"/>\n", x1, y1, x2, y2, colour);
    }

    private static String text(double x, double y, String anchor, int size, String body) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
                x, y, anchor, size, escape(body));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
