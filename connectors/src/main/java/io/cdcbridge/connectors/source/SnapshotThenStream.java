package io.cdcbridge.connectors.source;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * The order the CDC sources' enumerators hand out work in: snapshot splits to whichever reader asks, each tracked
 * until its reader reports it read (those a failed reader gives back go first again); once every one is read, the one
 * stream split to the next reader that asks (the one given back, if a reader failed with it), or for a bounded read
 * no more splits. Lives on the enumerator's thread.
 */
public final class SnapshotThenStream<P extends SourceSplit> {

    /** The stream split just assigned, and to which subtask. */
    public record Assigned<P>(P split, int subtask) {}

    private final SplitEnumeratorContext<P> context;
    private final Deque<P> pending = new ArrayDeque<>();
    private final Set<String> unfinished = new HashSet<>();
    private final Set<Integer> waiting = new LinkedHashSet<>();
    private boolean streamAssigned;
    private P returnedStream;

    public SnapshotThenStream(SplitEnumeratorContext<P> context) {
        this.context = context;
    }

    /** Restores a checkpoint's: splits not yet assigned, those assigned and not reported read, whether the stream is out. */
    public void restore(Collection<? extends P> notAssigned, Collection<String> assigned, boolean stream) {
        pending.addAll(notAssigned);
        unfinished.addAll(assigned);
        streamAssigned = stream;
    }

    /** Adds snapshot splits to hand out. */
    public void add(Collection<? extends P> splits) {
        pending.addAll(splits);
    }

    /** The snapshot splits not yet assigned (in order; the caller may drop some). */
    public Deque<P> pending() {
        return pending;
    }

    /** The ids of the snapshot splits assigned and not yet reported read (the caller may drop some). */
    public Set<String> unfinished() {
        return unfinished;
    }

    /** Whether the stream split is out (or, for a bounded read, the readers were told there is nothing more). */
    public boolean streamAssigned() {
        return streamAssigned;
    }

    /** A reader asks for work. */
    public void request(int subtask) {
        waiting.add(subtask);
    }

    /** A split a failed reader had: a snapshot split goes first again, the stream split is assigned again as it is. */
    public void giveBack(P split, boolean stream) {
        if (stream) {
            streamAssigned = false;
            returnedStream = split;
        } else {
            unfinished.remove(split.splitId());
            pending.addFirst(split);
        }
    }

    /** Snapshot splits reported read (again, after a restore). */
    public void finished(Collection<String> ids) {
        unfinished.removeAll(ids);
        pending.removeIf(s -> ids.contains(s.splitId()));
    }

    /**
     * Assigns what it can to the readers waiting: snapshot splits; once every one is read, the stream split
     * ({@code stream} makes it, unless a reader gave one back), or with {@code bounded} no more splits to each.
     * Returns the stream split if it was assigned now, else null.
     */
    public Assigned<P> assign(Supplier<P> stream, boolean bounded) {
        waiting.retainAll(context.registeredReaders().keySet());
        while (!waiting.isEmpty() && !pending.isEmpty()) {
            P split = pending.poll();
            unfinished.add(split.splitId());
            context.assignSplit(split, take());
        }
        if (!pending.isEmpty() || !unfinished.isEmpty()) return null;
        if (bounded) {
            streamAssigned = true;
            for (int subtask : waiting) context.signalNoMoreSplits(subtask);
            waiting.clear();
            return null;
        }
        if (waiting.isEmpty() || streamAssigned) return null;
        streamAssigned = true;
        P split = returnedStream != null ? returnedStream : stream.get();
        returnedStream = null;
        int subtask = take();
        context.assignSplit(split, subtask);
        return new Assigned<>(split, subtask);
    }

    private int take() {
        int subtask = waiting.iterator().next();
        waiting.remove(subtask);
        return subtask;
    }
}
