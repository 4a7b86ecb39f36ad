package io.cdcbridge.control.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cdcbridge.control.engine.FakeEngine;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A statement's lifecycle on jobs the test drives: phases follow the job, stops keep savepoints and offsets. */
class StatementServiceTest {

    private static final VariableSource VARS = VariableSource.of(List.of(Map.of()), n -> Optional.empty());
    private static final List<String> DEFINITIONS = List.of(
            "CREATE TABLE src (id INT) WITH ('connector' = 'kafka', 'topic' = 'src')",
            "CREATE TABLE dst (id INT) WITH ('connector' = 'kafka', 'topic' = 'dst')");
    private static final String COPY = "INSERT INTO dst SELECT id FROM src";

    @TempDir
    Path dir;

    FakeEngine engine;
    Workspace workspace;
    StatementService statements;

    @BeforeEach
    void setUp() {
        engine = new FakeEngine();
        workspace = Workspace.open(dir);
        statements = new StatementService(workspace, engine, () -> VARS);
    }

    @AfterEach
    void tearDown() {
        statements.close();
    }

    @Test
    void isPendingUntilEveryTaskRunsAndPendingWithTheCauseWhileItRestarts() {
        String job = create("copy").status().jobId();
        assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.PENDING);
        engine.run(job);
        statements.reconcile();
        assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.RUNNING);

        engine.restarting(job, "restarting after: java.io.IOException: Connection reset (in Source: src[1])");
        statements.reconcile();
        assertThat(statements.get("copy").status()).extracting(StatementStatus::phase, StatementStatus::detail)
                .containsExactly(Phase.PENDING, "restarting after: java.io.IOException: Connection reset (in Source: src[1])");

        engine.run(job);
        statements.reconcile();
        assertThat(statements.get("copy").status()).extracting(StatementStatus::phase, StatementStatus::detail)
                .containsExactly(Phase.RUNNING, null);
    }

    @Test
    void keepsItsRecentErrorsWithTheirTimesAlsoWhenOneComesAgainAfterItRan() {
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        java.time.Instant before = java.time.Instant.now();
        String reset = "restarting after: java.io.IOException: Connection reset (in Source: src[1])";
        for (int i = 0; i < 2; i++) {
            engine.restarting(job, reset);
            statements.reconcile();
            statements.reconcile(); // the same restart seen again is not another error
            engine.run(job);
            statements.reconcile();
        }
        engine.fail(job, "/ by zero (in Source: src[1]); restarts ran out: ...");
        statements.reconcile();

        List<StatementStatus.RecentError> errors = statements.get("copy").status().recentErrors();
        assertThat(errors).extracting(StatementStatus.RecentError::phase, StatementStatus.RecentError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Phase.PENDING, reset), org.assertj.core.groups.Tuple.tuple(Phase.PENDING, reset),
                org.assertj.core.groups.Tuple.tuple(Phase.FAILED, "/ by zero (in Source: src[1]); restarts ran out: ..."));
        assertThat(errors).allSatisfy(e -> assertThat(e.at()).isAfterOrEqualTo(before));
        // kept with the statement: a server started again on the workspace shows them
        statements.close();
        statements = new StatementService(Workspace.open(dir), engine, () -> VARS);
        assertThat(statements.get("copy").status().recentErrors()).isEqualTo(errors);
    }

    @Test
    void keepsTheLatestTenErrors() {
        StatementStatus status = StatementStatus.of(Phase.PENDING, null);
        for (int i = 1; i <= 12; i++) status = status.withPhase(Phase.PENDING, "restarting after: failure " + i);
        assertThat(status.recentErrors()).hasSize(StatementStatus.RECENT_ERRORS);
        assertThat(status.recentErrors().get(0).message()).isEqualTo("restarting after: failure 3");
        assertThat(status.recentErrors().get(9).message()).isEqualTo("restarting after: failure 12");
    }

    @Test
    void endsFailedCompletedOrLostAsItsJobDoes() {
        engine.fail(create("failing").status().jobId(), "/ by zero (in Source: src[1]); restarts ran out: ...");
        engine.finish(create("finishing").status().jobId());
        engine.lose(create("lost").status().jobId());
        statements.reconcile();
        assertThat(statements.get("failing").status()).extracting(StatementStatus::phase, StatementStatus::detail)
                .containsExactly(Phase.FAILED, "/ by zero (in Source: src[1]); restarts ran out: ...");
        assertThat(statements.get("finishing").status().phase()).isEqualTo(Phase.COMPLETED);
        assertThat(statements.get("lost").status().phase()).isEqualTo(Phase.FAILED);
        assertThat(statements.get("lost").status().detail()).startsWith("the engine no longer knows job ");
    }

    @Test
    void aPreflightProblemAtTheStartLeavesItFailedWithTheReason() {
        engine.failPreflight("copy", "source table 'src': cannot reach Kafka");
        Statement s = create("copy");
        assertThat(s.status()).extracting(StatementStatus::phase, StatementStatus::detail, StatementStatus::jobId)
                .containsExactly(Phase.FAILED, "source table 'src': cannot reach Kafka", null);
        assertThat(engine.jobs()).isEmpty();
    }

    @Test
    void stopsWithASavepointAndItsOffsetsAndResumesFromIt() {
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        SourceOffset at = new SourceOffset("src", "kafka", new SourcePosition.KafkaOffsets("src", new TreeMap<>(Map.of(0, 42L))));
        engine.savepointOffsets("copy", List.of(at));

        Statement stopped = statements.stop("copy", true);
        assertThat(stopped.status().phase()).isEqualTo(Phase.STOPPED);
        assertThat(stopped.status().savepoint()).isEqualTo(engine.job(job).savepoint())
                .startsWith(StateDir.of(dir).savepoints("copy"));
        assertThat(stopped.status().latestOffsets()).containsExactly(at);

        Statement resumed = statements.resume("copy");
        assertThat(resumed.status().phase()).isEqualTo(Phase.PENDING);
        assertThat(engine.latestJob("copy").orElseThrow().job().restoreFrom()).isEqualTo(stopped.status().savepoint());
    }

    @Test
    void recordsTheRangeOfEachTopicItWritesFromItsFirstStartToItsStop() {
        engine.sinkEnds("copy", List.of(sinkEnd(5)));
        String job = create("copy").status().jobId();
        assertThat(statements.get("copy").status().outputRanges()).containsExactly(new OutputRange("dst", "dst_topic", Map.of(0, 5L), null));
        engine.run(job);
        statements.reconcile();
        engine.sinkEnds("copy", List.of(sinkEnd(9)));

        Statement stopped = statements.stop("copy", true);
        assertThat(stopped.status().outputRanges()).containsExactly(new OutputRange("dst", "dst_topic", Map.of(0, 5L), Map.of(0, 9L)));
        engine.sinkEnds("copy", List.of(sinkEnd(12)));
        // resumed, it writes on from where it first started: one range
        assertThat(statements.resume("copy").status().outputRanges())
                .containsExactly(new OutputRange("dst", "dst_topic", Map.of(0, 5L), null));
        assertThat(Workspace.open(dir).statements().stream().filter(s -> s.name().equals("copy")).findFirst().orElseThrow()
                .status().outputRanges()).containsExactly(new OutputRange("dst", "dst_topic", Map.of(0, 5L), null));
    }

    @Test
    void aJobThatFailsEndsItsRangesWhereTheTopicsEndAsItFailsWithTheOffsetsItsSourcesAcknowledged() {
        engine.sinkEnds("copy", List.of(sinkEnd(5)));
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        engine.sinkEnds("copy", List.of(sinkEnd(9)));
        SourceOffset read = new SourceOffset("src", "kafka", new SourcePosition.KafkaOffsets("src", new TreeMap<>(Map.of(0, 4L))));
        engine.offsets("copy", List.of(read));

        engine.fail(job, "java.lang.ArithmeticException: / by zero");
        statements.reconcile();
        // another writer goes on; the failed statement's range stays as it ended
        engine.sinkEnds("copy", List.of(sinkEnd(12)));
        statements.reconcile();
        assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.FAILED);
        assertThat(statements.get("copy").status().outputRanges()).containsExactly(new OutputRange("dst", "dst_topic", Map.of(0, 5L), Map.of(0, 9L)));
        assertThat(statements.get("copy").status().latestOffsets()).containsExactly(read);
    }

    @Test
    void aFailedJobsTopicEndsAreAskedOutsideTheLockAndARangeWhoseEndIsUnknownStaysOpenSayingWhy() throws Exception {
        engine.sinkEnds("copy", List.of(sinkEnd(5)));
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        // Kafka does not answer: the failed job's topic ends are asked until the test lets the call go on
        engine.sinkEnds("copy", List.of(new SourceOffset("dst", "upsert-kafka",
                new SourcePosition.Unknown("Timeout expired while fetching topic metadata"))));
        FakeEngine.Hold kafka = engine.holdSinkEnds("copy");
        engine.fail(job, "java.lang.ArithmeticException: / by zero");

        java.util.concurrent.CompletableFuture<Void> reconciling = java.util.concurrent.CompletableFuture.runAsync(statements::reconcile);
        kafka.awaitHeld();
        // meanwhile other statement operations go on
        String other = create("other").status().jobId();
        engine.run(other);
        assertThat(statements.refresh("other").status().phase()).isEqualTo(Phase.RUNNING);
        assertThat(statements.list()).extracting(Statement::name).containsExactly("copy", "other");
        kafka.open();
        reconciling.get();

        assertThat(kafka.openedWhileHeld()).as("other operations waited for the failed job's topic ends").isTrue();
        StatementStatus copy = statements.get("copy").status();
        assertThat(copy.phase()).isEqualTo(Phase.FAILED);
        assertThat(copy.outputRanges()).containsExactly(new OutputRange("dst", "dst_topic", Map.of(0, 5L), null));
        assertThat(copy.detail()).isEqualTo("java.lang.ArithmeticException: / by zero; its output range on topic 'dst_topic' stays"
                + " open: Timeout expired while fetching topic metadata");
    }

    @Test
    void aCreateAsksItsTopicsEndsOutsideTheLock() throws Exception {
        engine.sinkEnds("copy", List.of(sinkEnd(5)));
        Statement created = whileKafkaIsHeld(() -> create("copy"));

        assertThat(created.status().jobId()).isNotNull();
        assertThat(created.status().outputRanges()).containsExactly(new OutputRange("dst", "dst_topic", Map.of(0, 5L), null));
    }

    @Test
    void aStopAsksItsSavepointAndTopicsEndsOutsideTheLockAndARangeWhoseEndIsUnknownStaysOpenSayingWhy() throws Exception {
        engine.sinkEnds("copy", List.of(sinkEnd(5)));
        engine.run(create("copy").status().jobId());
        engine.sinkEnds("copy", List.of(new SourceOffset("dst", "upsert-kafka",
                new SourcePosition.Unknown("Timeout expired while fetching topic metadata"))));
        Statement stopped = whileKafkaIsHeld(() -> statements.stop("copy", true));

        assertThat(stopped.status().phase()).isEqualTo(Phase.STOPPED);
        assertThat(stopped.status().savepoint()).isNotNull();
        assertThat(stopped.status().outputRanges()).containsExactly(new OutputRange("dst", "dst_topic", Map.of(0, 5L), null));
        assertThat(stopped.status().detail()).isEqualTo("its output range on topic 'dst_topic' stays open: "
                + "Timeout expired while fetching topic metadata");
    }

    @Test
    void aResumeAsksItsTopicsEndsOutsideTheLock() throws Exception {
        engine.sinkEnds("copy", List.of(sinkEnd(5)));
        engine.run(create("copy").status().jobId());
        engine.sinkEnds("copy", List.of(sinkEnd(8)));
        Statement stopped = statements.stop("copy", true);
        Statement resumed = whileKafkaIsHeld(() -> statements.resume("copy"));

        assertThat(resumed.status().phase()).isEqualTo(Phase.PENDING);
        assertThat(resumed.status().jobId()).isNotEqualTo(stopped.status().jobId());
        assertThat(engine.latestJob("copy").orElseThrow().job().restoreFrom()).isEqualTo(stopped.status().savepoint());
        assertThat(resumed.status().outputRanges()).containsExactly(new OutputRange("dst", "dst_topic", Map.of(0, 5L), null));
    }

    @Test
    void aReconcileWhileAResumeWaitsOnKafkaDoesNotTakeTheStoppedJobsEndForTheResumedStatement() throws Exception {
        engine.run(create("copy").status().jobId());
        Statement stopped = statements.stop("copy", true);
        FakeEngine.Hold kafka = engine.holdSinkEnds("copy");
        java.util.concurrent.FutureTask<Statement> resuming = new java.util.concurrent.FutureTask<>(() -> statements.resume("copy"));
        new Thread(resuming, "held-resume").start();
        kafka.awaitHeld();
        // the server's reconciler runs meanwhile: the job the stop finished is not the one the resume starts
        statements.reconcile();
        kafka.open();
        Statement resumed = resuming.get();

        assertThat(resumed.status().phase()).isEqualTo(Phase.PENDING);
        assertThat(resumed.status().jobId()).isNotNull().isNotEqualTo(stopped.status().jobId());
        assertThat(statements.get("copy").status().jobId()).isEqualTo(resumed.status().jobId());
    }

    @Test
    void aStatementDeletedWhileItsCreateWaitsOnKafkaHasTheJobItsCreateSubmittedCanceled() throws Exception {
        FakeEngine.Hold kafka = engine.holdSinkEnds("copy");
        java.util.concurrent.FutureTask<Statement> creating = new java.util.concurrent.FutureTask<>(() -> create("copy"));
        new Thread(creating, "held-create").start();
        kafka.awaitHeld();
        statements.delete("copy");
        kafka.open();

        java.util.concurrent.ExecutionException e = catchThrowableOfType(java.util.concurrent.ExecutionException.class, creating::get);
        assertThat(e).hasCauseInstanceOf(StatementNotFoundException.class);
        assertThat(engine.state(engine.latestJob("copy").orElseThrow().id()).state()).isEqualTo(JobState.State.CANCELED);
        assertThat(statements.exists("copy")).isFalse();
        assertThat(workspace.statements()).isEmpty();
    }

    @Test
    void aStatementWhoseTopicsEndCannotBeReadAtItsStartRunsWithoutARangeOnIt() {
        // as a topic Kafka creates at the job's first write: its whole content is what the statement wrote
        engine.sinkEnds("copy", List.of(new SourceOffset("dst", "upsert-kafka",
                new SourcePosition.Unknown("topic 'dst_topic' does not exist"))));
        Statement created = create("copy");

        assertThat(created.status().phase()).isEqualTo(Phase.PENDING);
        assertThat(created.status().jobId()).isNotNull();
        assertThat(created.status().outputRanges()).isEmpty();
    }

    @Test
    void aDeleteCancelsItsJobOutsideTheLock() throws Exception {
        String job = create("copy").status().jobId();
        engine.run(job);
        FakeEngine.Hold flink = engine.holdCancel(job);
        java.util.concurrent.FutureTask<List<String>> deleting = new java.util.concurrent.FutureTask<>(() -> statements.delete("copy"));
        new Thread(deleting, "held-delete").start();
        flink.awaitHeld();
        assertThat(create("other").status().jobId()).isNotNull();
        assertThat(statements.list()).extracting(Statement::name).containsExactly("other");
        flink.open();
        deleting.get();

        assertThat(flink.openedWhileHeld()).as("other operations waited for the cancel").isTrue();
        assertThat(engine.state(job).state()).isEqualTo(JobState.State.CANCELED);
    }

    // Runs an operation on statement copy while its call for its topics' ends is held, as Kafka not answering:
    // meanwhile another statement is created and all are listed, which fails when the operation holds the lock.
    private <T> T whileKafkaIsHeld(java.util.concurrent.Callable<T> operation) throws Exception {
        FakeEngine.Hold kafka = engine.holdSinkEnds("copy");
        java.util.concurrent.FutureTask<T> op = new java.util.concurrent.FutureTask<>(operation);
        new Thread(op, "held-operation").start();
        kafka.awaitHeld();
        String other = create("other").status().jobId();
        assertThat(other).isNotNull();
        assertThat(statements.list()).extracting(Statement::name).containsExactly("copy", "other");
        kafka.open();
        T result = op.get();
        assertThat(kafka.openedWhileHeld()).as("other operations waited for the topics' ends").isTrue();
        return result;
    }

    private static SourceOffset sinkEnd(long offset) {
        return new SourceOffset("dst", "upsert-kafka", new SourcePosition.KafkaOffsets("dst_topic", new TreeMap<>(Map.of(0, offset))));
    }

    @Test
    void resumesFromItsSavepointWithOtherResourcesButNoOtherProperty() {
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        Statement stopped = statements.stop("copy", true);

        StatementException refused = catchThrowableOfType(StatementException.class,
                () -> statements.resume("copy", null, Map.of("table.exec.state.ttl", "1 h")));
        assertThat(refused).hasMessage("statement 'copy': 'table.exec.state.ttl' cannot change at a resume; only its "
                + "resources can (parallelism.default), the other properties belong to its immutable query");
        assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.STOPPED);

        Statement resumed = statements.resume("copy", null, Map.of("parallelism.default", "4"));
        assertThat(resumed.spec().properties()).containsEntry("parallelism.default", "4");
        FakeEngine.Job again = engine.latestJob("copy").orElseThrow();
        assertThat(again.job().restoreFrom()).isEqualTo(stopped.status().savepoint());
        assertThat(again.job().properties()).containsEntry("parallelism.default", "4");
    }

    @Test
    void aStopThatFailsLeavesItRunningAndSaysWhy() {
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        engine.failStops("Not all required tasks are currently running");
        StatementException e = catchThrowableOfType(StatementException.class, () -> statements.stop("copy", true));
        assertThat(e.getMessage()).isEqualTo("stop failed: Not all required tasks are currently running");
        assertThat(statements.get("copy").status()).extracting(StatementStatus::phase, StatementStatus::detail)
                .containsExactly(Phase.RUNNING, "stop failed: Not all required tasks are currently running");
        assertThat(statements.get("copy").spec().stopped()).isFalse();
    }

    @Test
    void deletingCancelsTheJobFreesWhatItsSourcesHoldAndForgetsIt() {
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.delete("copy");
        assertThat(engine.state(job).state()).isEqualTo(JobState.State.CANCELED);
        assertThat(engine.released()).containsExactly("copy");
        assertThat(statements.exists("copy")).isFalse();
        assertThat(workspace.statements()).isEmpty();
    }

    @Test
    void aRestartedServerRunsItsRunningStatementsAgainFromTheirLatestCheckpoint() {
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        statements.close();
        engine.checkpoint(StateDir.of(dir).checkpoints("copy"), "file:/ckpt/chk-7");
        engine.lose(job); // an embedded cluster ends with its server

        statements = new StatementService(workspace, engine, () -> VARS);
        statements.start(60_000);
        FakeEngine.Job again = engine.latestJob("copy").orElseThrow();
        assertThat(again.id()).isNotEqualTo(job);
        assertThat(again.job().restoreFrom()).isEqualTo("file:/ckpt/chk-7");
        assertThat(statements.get("copy").status().jobId()).isEqualTo(again.id());
    }

    @Test
    void aRestartedServerReattachesToAJobTheClusterStillRuns() {
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        statements.close();
        engine.checkpoint(StateDir.of(dir).checkpoints("copy"), "file:/ckpt/chk-7");

        statements = new StatementService(workspace, engine, () -> VARS);
        statements.start(60_000);
        assertThat(engine.jobs()).extracting(FakeEngine.Job::id).containsExactly(job);
        assertThat(statements.get("copy").status().jobId()).isEqualTo(job);
        assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.RUNNING);
    }

    // Seen in the chaos bench: a server SIGKILLed on a busy machine came back, its Kafka preflight timed out once,
    // and the statement stayed FAILED although nothing was wrong with it.
    @Test
    void aStatementThatCannotStartAfterAServerStartIsTriedAgainAndRunsOnceItCan() {
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        statements.close();
        engine.checkpoint(StateDir.of(dir).checkpoints("copy"), "file:/ckpt/chk-3");
        engine.lose(job);
        engine.failPreflight("copy", "cannot reach Kafka at 127.0.0.1:9092 within 15 s");

        statements = new StatementService(workspace, engine, () -> VARS);
        statements.retryStartsAfter(50, 50, 50);
        statements.start(60_000);
        assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.PENDING);
        assertThat(statements.get("copy").status().detail())
                .isEqualTo("starting again after: cannot reach Kafka at 127.0.0.1:9092 within 15 s");
        engine.passPreflight("copy");

        FakeEngine.Job again = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                .until(() -> engine.latestJob("copy").filter(j -> !j.id().equals(job)), Optional::isPresent).orElseThrow();
        assertThat(again.job().restoreFrom()).isEqualTo("file:/ckpt/chk-3");
        engine.run(again.id());
        assertThat(statements.refresh("copy").status().phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void aStatementThatStillCannotStartWhenTheTriesRunOutIsFailedWithTheReason() {
        String job = create("copy").status().jobId();
        statements.close();
        engine.lose(job);
        engine.failPreflight("copy", "cannot reach Kafka at 127.0.0.1:9092 within 15 s");

        statements = new StatementService(workspace, engine, () -> VARS);
        statements.retryStartsAfter(20, 20);
        statements.start(60_000);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(statements.get("copy").status().phase()).isEqualTo(Phase.FAILED);
            assertThat(statements.get("copy").status().detail()).isEqualTo("cannot reach Kafka at 127.0.0.1:9092 within 15 s"
                    + "; 3 tries to start it after the server started failed");
        });
        assertThat(engine.latestJob("copy").orElseThrow().id()).isEqualTo(job);
    }

    @Test
    void aJobThatFailedWhileNoServerRanIsRestoredFromItsLatestCheckpoint() {
        String job = create("copy").status().jobId();
        engine.run(job);
        statements.reconcile();
        statements.close();
        engine.checkpoint(StateDir.of(dir).checkpoints("copy"), "file:/ckpt/chk-9");
        engine.fail(job, "TaskManager lost; restarts ran out");

        statements = new StatementService(workspace, engine, () -> VARS);
        statements.start(60_000);
        FakeEngine.Job again = engine.latestJob("copy").orElseThrow();
        assertThat(again.id()).isNotEqualTo(job);
        assertThat(again.job().restoreFrom()).isEqualTo("file:/ckpt/chk-9");
        assertThat(statements.get("copy").status().jobId()).isEqualTo(again.id());
    }

    @Test
    void keepsItsStateDirWhenTheServerRestartsWithAnother() {
        statements.close();
        StateDir shared = StateDir.parse("file:///shared/cdcbridge/");
        statements = new StatementService(workspace, engine, () -> VARS, shared);
        String job = create("copy").status().jobId();
        assertThat(engine.job(job).job().checkpointDir()).isEqualTo("file:///shared/cdcbridge/checkpoints/copy");
        engine.run(job);
        statements.reconcile();
        String savepoint = statements.stop("copy", true).status().savepoint();
        assertThat(savepoint).startsWith("file:///shared/cdcbridge/savepoints/copy/savepoint-");
        statements.close();

        statements = new StatementService(workspace, engine, () -> VARS, StateDir.parse("s3://bucket/elsewhere"));
        statements.start(60_000);
        assertThat(statements.get("copy").stateDir()).isEqualTo("file:///shared/cdcbridge");
        statements.resume("copy");
        FakeEngine.Job resumed = engine.latestJob("copy").orElseThrow();
        assertThat(resumed.job().restoreFrom()).isEqualTo(savepoint);
        assertThat(resumed.job().checkpointDir()).isEqualTo("file:///shared/cdcbridge/checkpoints/copy");
        // a new statement takes the server's
        assertThat(create("other").stateDir()).isEqualTo("s3://bucket/elsewhere");
        assertThat(engine.latestJob("other").orElseThrow().job().checkpointDir()).isEqualTo("s3://bucket/elsewhere/checkpoints/other");
    }

    private Statement create(String name) {
        return statements.create(name, COPY, Map.of(), DEFINITIONS, "test.sql:1", "local", VARS);
    }
}
