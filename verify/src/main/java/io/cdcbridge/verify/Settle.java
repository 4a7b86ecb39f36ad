package io.cdcbridge.verify;

import java.time.Duration;
import java.util.Optional;

/**
 * Waits until changes in flight when a difference was seen have reached the target, before it is rechecked: until
 * a pipeline has passed the source position the difference was seen at, or for a while.
 */
@FunctionalInterface
public interface Settle {

    /** Returns once the changes up to the position have had the time to reach the target. */
    void await(Optional<String> position) throws InterruptedException;

    /** Waits a fixed time. */
    static Settle waiting(Duration d) {
        return position -> Thread.sleep(d.toMillis());
    }
}
