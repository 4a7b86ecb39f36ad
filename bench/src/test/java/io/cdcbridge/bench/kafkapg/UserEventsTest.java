package io.cdcbridge.bench.kafkapg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserEventsTest {

    @Test
    void everyUserIsCreatedFirstAndTheLastTwoPercentDeleteDistinctUsers() {
        UserEvents e = new UserEvents(400, 20);
        assertThat(e.events).hasSize(400);
        assertThat(e.expected).hasSize(100);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 392; i++) {
            UserEvents.Event event = e.events.get(i);
            String op = seen.add(event.userId()) ? "\"op\":\"c\"" : "\"op\":\"u\"";
            assertThat(event.value()).contains(op);
        }
        List<UserEvents.Event> deletes = e.events.subList(392, 400);
        assertThat(deletes).allSatisfy(d -> assertThat(d.value()).contains("\"op\":\"d\"").contains("\"after\":null"));
        assertThat(deletes.stream().map(UserEvents.Event::userId).distinct()).hasSize(8);
        assertThat(e.expected.values().stream().filter(UserEvents.Expected::deleted)).hasSize(8);
    }

    @Test
    void theExpectedRowIsTheLastStateWithItsOwnTime() {
        UserEvents e = new UserEvents(40, 7);
        UserEvents.Event last = e.events.get(37); // an update (no deletes below 50 events)
        UserEvents.Expected expected = e.expected.get(last.userId());
        assertThat(last.value()).contains("\"after\":" + expected.user().json());
        assertThat(expected.user().updatedMillis()).isEqualTo(UserEvents.BASE_MILLIS + 38);
        assertThat(expected.updatedAt().toString()).isEqualTo("2023-11-14T22:13:20.038");
        assertThat(expected.domain()).isEqualTo(expected.user().email().substring(expected.user().email().indexOf('@') + 1));
    }

    @Test
    void theSameSeedMakesTheSameEvents() {
        assertThat(new UserEvents(100, 3).events).isEqualTo(new UserEvents(100, 3).events);
    }
}
