package io.cdcbridge.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

    @Test
    void readsThePeakResidentSetInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  400000 kB\nVmHWM:\t  512000 kB\nThreads:\t40\n";
        assertThat(ProcStatus.highWaterMarkBytes(status)).isEqualTo(512_000L * 1024);
    }

    @Test
    void aStatusWithoutOneIsZero() {
        assertThat(ProcStatus.highWaterMarkBytes("Name:\tkthreadd\nState:\tS (sleeping)\n")).isZero();
    }

    @Test
    void anUnknownUnitIsRefused() {
        assertThatThrownBy(() -> ProcStatus.highWaterMarkBytes("VmHWM:\t 5 MB\n")).hasMessageContaining("VmHWM in an unknown unit");
    }
}
