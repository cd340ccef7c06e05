package io.callstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart built as text (no chart library): panels side by side, each with a
 * logarithmic x axis, a linear y axis from zero, grid lines, labelled points and a title.
 */
final class SvgPlot {

    private static final int PANEL_W = 420;
    private static final int PANEL_H = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    /** One panel: a title, axis labels, and one series of (x, y) points. */
    record Panel(String title, String xLabel, String yLabel, double[] xs, double[] ys, String color) {
    }

    private SvgPlot() {
    }

    static String render(String caption, List<Panel> panels) {
        int width = panels.size() * PANEL_W;
        int height = PANEL_H + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" "
                + "font-weight=\"bold\">%s</text>%n", width / 2, escape(caption)));
        for (int i = 0; i < panels.size(); i++) {
            panel(svg, panels.get(i), i * PANEL_W, 20);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, Panel p, int ox, int oy) {
        double x0 = LEFT + ox;
        double x1 = ox + PANEL_W - RIGHT;
        double y0 = oy + PANEL_H - BOTTOM;
        double y1 = oy + TOP;
        double minX = Math.log10(min(p.xs()));
        double maxX = Math.log10(max(p.xs()));
        if (maxX - minX < 1e-9) {
            minX -= 0.5;
            maxX += 0.5;
        }
        double maxY = niceCeiling(max(p.ys()));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s"
                + "</text>%n", (x0 + x1) / 2, oy + 22, escape(p.title())));
        for (int t = 0; t <= 4; t++) {
            double v = maxY * t / 4;
            double y = y0 - (y0 - y1) * t / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    x0, y, x1, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0 - 6,
                    y + 4, number(v)));
        }
        for (int e = (int) Math.ceil(minX - 1e-9); e <= Math.floor(maxX + 1e-9); e++) {
            double x = x0 + (x1 - x0) * (e - minX) / (maxX - minX);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    x, y0, x, y1));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", x,
                    y0 + 16, number(Math.pow(10, e))));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n",
                x0, y0, x1, y0));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n",
                x0, y0, x0, y1));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                (x0 + x1) / 2, y0 + 36, escape(p.xLabel())));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %d "
                + "%.1f)\">%s</text>%n", ox + 16, (y0 + y1) / 2, ox + 16, (y0 + y1) / 2, escape(p.yLabel())));
        List<String> points = new ArrayList<>();
        for (int i = 0; i < p.xs().length; i++) {
            double x = x0 + (x1 - x0) * (Math.log10(p.xs()[i]) - minX) / (maxX - minX);
            double y = y0 - (y0 - y1) * p.ys()[i] / maxY;
            points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n", x, y, p.color()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
                    x, y - 9, p.color(), number(p.ys()[i])));
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                String.join(" ", points), p.color()));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String number(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.3gM", v / 1_000_000);
        }
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1000);
        }
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%.1fk", v / 1000);
        }
        return String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v);
    }

    private static double min(double[] a) {
        double m = Double.MAX_VALUE;
        for (double v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
