package io.cdcbridge.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void readsTheTimesAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (my (odd) proc) S 17 4242 4242 0 -1 4194560 500 0 0 0 250 50 30 20 20 0 12 0 100 0 0";
        CpuMeter.Stat s = CpuMeter.parse(4242, stat);
        assertThat(s.ppid()).isEqualTo(17);
        assertThat(s.ticks()).isEqualTo(300);
        assertThat(s.reapedTicks()).isEqualTo(50);
    }

    @Test
    void countsTheCpuThisProcessUses() {
        CpuMeter meter = CpuMeter.of(Map.of("this JVM", ProcessHandle.current().pid()));
        double before = meter.seconds().get("this JVM");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long spin = 0;
        while (threads.getCurrentThreadCpuTime() - start < 500_000_000L) spin++;
        double used = CpuMeter.used(Map.of("this JVM", before), meter.seconds()).get("this JVM");
        assertThat(spin).isPositive();
        assertThat(used).isGreaterThanOrEqualTo(0.45);
    }
}
