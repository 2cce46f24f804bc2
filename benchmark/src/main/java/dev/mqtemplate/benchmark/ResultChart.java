package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.BenchmarkCase;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws results.png with java.awt (headless): one row per target, with throughput, p99 latency and CPU per message
 * side by side, a group of bars per case with one bar per client, each bar labelled with its value.
 */
final class ResultChart {

    private static final int PANEL_WIDTH = 820;

    private static final int PANEL_HEIGHT = 420;

    /** By {@link ClientKind} ordinal: mqtemplate bare, mqtemplate metered, official JSON, official binary. */
    /** One per client kind, in declaration order. */
    private static final Color[] CLIENT_COLORS = {new Color(0x2E7D32), new Color(0xF9A825), new Color(0x66BB6A),
            new Color(0x1565C0), new Color(0x90A4AE), new Color(0x6A1B9A)};

    private ResultChart() {
    }

    static void write(Report report, BenchmarkOptions options, Path file) throws IOException {
        List<String> targets = options.targets();
        BufferedImage image = new BufferedImage(3 * PANEL_WIDTH, targets.size() * PANEL_HEIGHT + 40,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            legend(g, options.clients());
            for (int row = 0; row < targets.size(); row++) {
                String target = targets.get(row);
                String title = Report.TARGET_TITLES.getOrDefault(target, target);
                panel(g, report, options, target, 0, 40 + row * PANEL_HEIGHT, title + ": msgs/s (higher is better)",
                        Measurement::throughput, "%,.0f");
                panel(g, report, options, target, PANEL_WIDTH, 40 + row * PANEL_HEIGHT,
                        title + ": p99 latency, ms (lower is better)", m -> m.percentileMicros(99) / 1000, "%,.1f");
                panel(g, report, options, target, 2 * PANEL_WIDTH, 40 + row * PANEL_HEIGHT,
                        title + ": CPU s / 100k msgs (lower is better)", Measurement::cpuSecondsPer100k, "%,.2f");
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void legend(Graphics2D g, List<ClientKind> clients) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        int x = 20;
        for (ClientKind client : clients) {
            g.setColor(color(client));
            g.fillRect(x, 14, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(client.title(), x + 20, 26);
            x += 40 + g.getFontMetrics().stringWidth(client.title());
        }
    }

    private static void panel(Graphics2D g, Report report, BenchmarkOptions options, String target, int left, int top,
            String title, ToDoubleFunction<Measurement> metric, String valueFormat) {
        List<BenchmarkCase> cases = options.cases();
        List<ClientKind> clients = options.clients();
        int plotLeft = left + 50;
        int plotTop = top + 40;
        int plotWidth = PANEL_WIDTH - 80;
        int plotHeight = PANEL_HEIGHT - 130;
        double max = 0;
        for (BenchmarkCase benchmarkCase : cases) {
            for (ClientKind client : clients) {
                Optional<Measurement> m = report.find(target, benchmarkCase, client);
                if (m.isPresent()) {
                    max = Math.max(max, metric.applyAsDouble(m.get()));
                }
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left + 20, top + 22);
        g.setStroke(new BasicStroke(1));
        g.drawLine(plotLeft, plotTop + plotHeight, plotLeft + plotWidth, plotTop + plotHeight);
        if (max <= 0) {
            return;
        }
        int groupWidth = plotWidth / Math.max(1, cases.size());
        int barWidth = Math.max(6, (groupWidth - 16) / Math.max(1, clients.size()));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int c = 0; c < cases.size(); c++) {
            BenchmarkCase benchmarkCase = cases.get(c);
            int groupLeft = plotLeft + c * groupWidth + 8;
            for (int k = 0; k < clients.size(); k++) {
                int x = groupLeft + k * barWidth;
                Optional<Measurement> m = report.find(target, benchmarkCase, clients.get(k));
                if (m.isEmpty()) {
                    g.setColor(Color.GRAY);
                    drawRotated(g, "n/a", x + barWidth / 2 + 3, plotTop + plotHeight - 4);
                    continue;
                }
                double value = metric.applyAsDouble(m.get());
                // 20 % headroom above the tallest bar for its rotated label
                int height = (int) Math.round(plotHeight * value / (max * 1.2));
                g.setColor(color(clients.get(k)));
                g.fillRect(x, plotTop + plotHeight - height, barWidth - 2, height);
                g.setColor(Color.BLACK);
                drawRotated(g, String.format(Locale.ROOT, valueFormat, value), x + barWidth / 2 + 3,
                        plotTop + plotHeight - height - 4);
            }
            g.setColor(Color.BLACK);
            drawWrapped(g, benchmarkCase.title(), groupLeft, plotTop + plotHeight + 16, groupWidth - 10);
        }
    }

    private static void drawRotated(Graphics2D g, String text, int x, int y) {
        Graphics2D rotated = (Graphics2D) g.create();
        try {
            rotated.translate(x, y);
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(text, 0, 0);
        } finally {
            rotated.dispose();
        }
    }

    private static void drawWrapped(Graphics2D g, String text, int x, int y, int width) {
        StringBuilder line = new StringBuilder();
        int lineY = y;
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (g.getFontMetrics().stringWidth(candidate) > width && !line.isEmpty()) {
                g.drawString(line.toString(), x, lineY);
                lineY += 13;
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        g.drawString(line.toString(), x, lineY);
    }

    private static Color color(ClientKind client) {
        return CLIENT_COLORS[client.ordinal() % CLIENT_COLORS.length];
    }
}
