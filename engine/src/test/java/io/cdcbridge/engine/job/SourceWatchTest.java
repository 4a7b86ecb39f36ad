package io.cdcbridge.engine.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.engine.probe.SourceCheck;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceWatchTest {

    // a source whose answer the test sets
    static final class Source implements SourceCheck {
        volatile String down;
        volatile boolean closed;

        @Override
        public Optional<String> lost() {
            return Optional.ofNullable(down);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aSourceThatDoesNotAnswerAtTwoLooksInARowIsLostUntilItAnswersAgain() {
        Source up = new Source();
        Source db = new Source();
        try (SourceWatch watch = new SourceWatch(Long.MAX_VALUE / 2)) {
            watch.watch("job-1", List.of(up, db));
            watch.look();
            assertThat(watch.lost("job-1")).isEmpty();

            db.down = "source table 'orders' does not answer: Connection refused";
            watch.look();
            assertThat(watch.lost("job-1")).as("one slow answer is no lost source").isEmpty();
            watch.look();
            assertThat(watch.lost("job-1")).contains("source table 'orders' does not answer: Connection refused");

            db.down = null;
            watch.look();
            assertThat(watch.lost("job-1")).isEmpty();
            db.down = "again";
            watch.look();
            assertThat(watch.lost("job-1")).as("the count starts again").isEmpty();
        }
    }

    @Test
    void aForgottenJobIsNotWatchedAndItsChecksAreClosed() {
        Source db = new Source();
        db.down = "gone";
        try (SourceWatch watch = new SourceWatch(Long.MAX_VALUE / 2)) {
            watch.watch("job-2", List.of(db));
            watch.look();
            watch.look();
            assertThat(watch.lost("job-2")).contains("gone");

            watch.forget("job-2");
            assertThat(db.closed).isTrue();
            assertThat(watch.lost("job-2")).isEmpty();
            watch.look();
            assertThat(watch.lost("job-2")).isEmpty();
            assertThat(watch.lost("never-watched")).isEmpty();
        }
    }
}
