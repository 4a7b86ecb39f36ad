package io.cdcbridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A start whose port another process took first is tried again on other ports; any other failure is not. */
class FreePortsTest {

    @Test
    void aTakenPortIsReplacedByAnotherFreshOne() throws Exception {
        List<int[]> tried = new ArrayList<>();
        String started = FreePorts.startOnFreePorts("a service", 2, ports -> {
            tried.add(ports);
            if (tried.size() < 3) throw new FreePorts.PortTaken(new IOException("Address already in use"));
            return "on " + ports[0] + " and " + ports[1];
        });
        assertThat(tried).hasSize(3);
        assertThat(tried.stream().flatMapToInt(java.util.Arrays::stream).distinct().count()).isEqualTo(6);
        assertThat(started).isEqualTo("on " + tried.get(2)[0] + " and " + tried.get(2)[1]);
    }

    @Test
    void afterThreeTakenPortsTheLastFailureIsThrown() {
        int[] attempts = {0};
        assertThatThrownBy(() -> FreePorts.startOnFreePorts("a service", 1, ports -> {
            attempts[0]++;
            throw new FreePorts.PortTaken(new IOException("could not bind to " + ports[0]));
        })).isInstanceOf(IOException.class).isNotInstanceOf(FreePorts.PortTaken.class)
                .hasMessageStartingWith("could not bind to ");
        assertThat(attempts[0]).isEqualTo(3);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        int[] attempts = {0};
        assertThatThrownBy(() -> FreePorts.startOnFreePorts("a service", 1, ports -> {
            attempts[0]++;
            throw new IOException("initdb failed");
        })).isInstanceOf(IOException.class).hasMessage("initdb failed");
        assertThat(attempts[0]).isEqualTo(1);
    }
}
