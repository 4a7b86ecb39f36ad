package io.cdcbridge.bench.process;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Samples this JVM's heap (which hosts the Flink MiniCluster running the pipeline) every 100 ms: the peak heap in
 * use, and the peak live set, i.e. the heap still in use right after a collection.
 */
public final class HeapSampler implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakUsed;
    private volatile long peakLive;

    public HeapSampler() {
        thread = new Thread(this::sample, "bench-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    public long peakUsedBytes() {
        return peakUsed;
    }

    public long peakLiveBytes() {
        return peakLive;
    }

    public static long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    private void sample() {
        while (running) {
            peakUsed = Math.max(peakUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            long live = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage afterGc = pool.getCollectionUsage();
                if (pool.getType() == MemoryType.HEAP && afterGc != null) live += afterGc.getUsed();
            }
            peakLive = Math.max(peakLive, live);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
