package io.cdcbridge.bench.report;

import io.cdcbridge.bench.data.OltpLoad;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG of end-to-end lag over time, one line per pipeline. */
public final class LagPlot {

    private LagPlot() {}

    /**
     * Writes {@code <name>-lag.png} into {@code dir} when any pipeline has lag samples (those without are left out);
     * returns its file name, or null when there was nothing to plot.
     */
    static String writeIfAny(Path dir, String name, String title, Map<String, java.util.List<OltpLoad.Sample>> lagByPipeline)
            throws IOException {
        if (lagByPipeline.values().stream().allMatch(l -> l == null || l.isEmpty())) return null;
        String file = name + "-lag.png";
        XYChart chart = new XYChartBuilder().width(900).height(420).title(title)
                .xAxisTitle("seconds into the run").yAxisTitle("lag (ms)").build();
        lagByPipeline.forEach((pipeline, lag) -> {
            if (lag == null || lag.isEmpty()) return;
            chart.addSeries(pipeline, lag.stream().mapToDouble(OltpLoad.Sample::atSeconds).toArray(),
                    lag.stream().mapToDouble(OltpLoad.Sample::lagMillis).toArray()).setMarker(SeriesMarkers.NONE);
        });
        BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
