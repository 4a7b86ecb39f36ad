package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class WatchdogTest {

    @Test
    void endsTheServiceOnceItsOwnerIsGoneEvenByKill() throws Exception {
        Process owner = new ProcessBuilder("sleep", "600").start();
        Process service = new ProcessBuilder("sleep", "600").start();
        Process other = new ProcessBuilder("sleep", "600").start();
        try {
            Watchdog.ending(owner.pid(), List.of(service.pid(), other.pid()), 5);
            Thread.sleep(1500);
            assertThat(service.isAlive()).isTrue();
            owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !service.isAlive() && !other.isAlive());
        } finally {
            for (Process p : List.of(owner, service, other)) p.destroyForcibly();
        }
    }

    @Test
    void endsTheRestWhenTheFirstIsStoppedAnotherWay() throws Exception {
        Process owner = new ProcessBuilder("sleep", "600").start();
        Process first = new ProcessBuilder("sleep", "600").start();
        Process second = new ProcessBuilder("sleep", "600").start();
        try {
            Watchdog watchdog = Watchdog.ending(owner.pid(), List.of(first.pid(), second.pid()), 5);
            first.destroy();
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !second.isAlive());
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> ProcessHandle.of(watchdog.pid()).isEmpty()
                    || !ProcessHandle.of(watchdog.pid()).get().isAlive());
            assertThat(owner.isAlive()).isTrue();
        } finally {
            for (Process p : List.of(owner, first, second)) p.destroyForcibly();
        }
    }
}
