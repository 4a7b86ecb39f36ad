package io.cdcbridge.control.engine;

import io.cdcbridge.control.statement.SourceOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An in-memory {@link Engine} for unit tests: sessions hold a catalog parsed from the DDL ({@link FakeSession}), jobs
 * are states a test drives ({@link #run}, {@link #fail}, {@link #finish}), and what the outside world would answer
 * (preflight, offsets, messages behind, checkpoints) is set by the test. Nothing is started.
 */
public final class FakeEngine implements Engine {

    /** One submitted job: the statement it runs and its state, as the test has driven it. */
    public static final class Job {
        private final String id;
        private final StatementJob job;
        private JobState state;
        private String savepoint;

        Job(String id, StatementJob job, JobState state) {
            this.id = id;
            this.job = job;
            this.state = state;
        }

        public String id() {
            return id;
        }

        /** What the job was submitted with (definitions, statement, properties, restore point). */
        public StatementJob job() {
            return job;
        }

        /** The savepoint the job was stopped with, or null. */
        public String savepoint() {
            return savepoint;
        }
    }

    /** A call the test holds, as a system that does not answer: it waits, outside the fake's lock, until the test opens it. */
    public static final class Hold {
        private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean openedWhileHeld;

        /** Waits until the call is held. */
        public void awaitHeld() throws InterruptedException {
            held.await();
        }

        /** Lets the call go on. */
        public void open() {
            opened.countDown();
        }

        /** Whether the test opened the call while it waited, rather than the call giving up after a minute (a test that would hang). */
        public boolean openedWhileHeld() {
            return openedWhileHeld;
        }

        void hold() {
            held.countDown();
            try {
                openedWhileHeld = opened.await(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Hold> sinkEndHolds = new HashMap<>();
    private final Map<String, Hold> cancelHolds = new HashMap<>();
    private final Map<String, String> preflightFailures = new HashMap<>();
    private final Map<String, String> submitFailures = new HashMap<>();
    private final Map<String, List<SourceOffset>> offsets = new HashMap<>();
    private final Map<String, List<SourceOffset>> savepointOffsets = new HashMap<>();
    private final Map<String, OptionalLong> behind = new HashMap<>();
    private final Map<String, List<SourceOffset>> sinkEnds = new HashMap<>();
    private final Map<String, List<SourceOffset>> sourceEnds = new HashMap<>();
    // topics of one partition each, and what a bounded job of a name writes to the topic a sink table of its names
    private final Map<String, List<TopicRecord>> topics = new HashMap<>();
    private final Map<String, String> readFailures = new HashMap<>();
    private final Map<String, Map<String, List<TopicRecord>>> jobWrites = new HashMap<>();
    private final Map<String, List<SourceLag>> lag = new HashMap<>();
    private final Map<String, JobMetrics> jobMetrics = new HashMap<>();
    private final Map<String, String> checkpoints = new HashMap<>();
    private final Map<String, OptionalInt> storage = new LinkedHashMap<>();
    private final List<String> released = new ArrayList<>();
    // the jobs whose tables the engine worked out and keeps, as FlinkEngine keeps them (by name, definitions, query, properties)
    private final Map<List<Object>, String> kept = new LinkedHashMap<>();
    private ConnectorCatalog connectors = TestConnectors.TYPICAL;
    private JobState.State startsAs = JobState.State.STARTING;
    private final Map<String, JobState> startsAsFor = new HashMap<>();
    private String stopFailure;
    private int sessions;
    private boolean closed;

    // ---- what the test sets up

    /** The connectors the engine describes ({@link TestConnectors#TYPICAL} unless set). */
    public synchronized FakeEngine connectors(ConnectorCatalog catalog) {
        this.connectors = catalog;
        return this;
    }

    /** Jobs start in this state (STARTING unless set; RUNNING makes every submitted job run at once). */
    public synchronized FakeEngine startJobsAs(JobState.State state) {
        this.startsAs = state;
        return this;
    }

    /** Jobs of statement {@code statement} start in this state (a job failing at its start: FAILED with a cause). */
    public synchronized FakeEngine startJobsAs(String statement, JobState state) {
        startsAsFor.put(statement, state);
        return this;
    }

    /** The preflight of statement {@code statement} passes again. */
    public synchronized FakeEngine passPreflight(String statement) {
        preflightFailures.remove(statement);
        return this;
    }

    /** The preflight of statement {@code statement} fails with {@code message}. */
    public synchronized FakeEngine failPreflight(String statement, String message) {
        preflightFailures.put(statement, message);
        return this;
    }

    /** Submitting statement {@code statement} fails with {@code message}. */
    public synchronized FakeEngine failSubmit(String statement, String message) {
        submitFailures.put(statement, message);
        return this;
    }

    /** Every stop with savepoint fails with {@code message} (null: stops succeed again). */
    public synchronized FakeEngine failStops(String message) {
        this.stopFailure = message;
        return this;
    }

    /** The offsets the sources of statement {@code statement} acknowledge now. */
    public synchronized FakeEngine offsets(String statement, List<SourceOffset> now) {
        offsets.put(statement, List.copyOf(now));
        return this;
    }

    /** The offsets the sources of statement {@code statement} had reached in any savepoint of its job. */
    public synchronized FakeEngine savepointOffsets(String statement, List<SourceOffset> inSavepoint) {
        savepointOffsets.put(statement, List.copyOf(inSavepoint));
        return this;
    }

    /** Appends records (key and value text, null for a tombstone, in pairs) to a topic of one partition. */
    public synchronized FakeEngine append(String topic, String... keysAndValues) {
        List<TopicRecord> records = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) records.add(new TopicRecord(0, 0, bytes(keysAndValues[i]), bytes(keysAndValues[i + 1])));
        append(topic, records);
        return this;
    }

    /** Reading topic {@code topic}'s records fails with {@code reason} (its ends are still answered). */
    public synchronized FakeEngine failsReading(String topic, String reason) {
        readFailures.put(topic, reason);
        return this;
    }

    /** The records of a topic, as key and value text (null for a tombstone) in pairs. */
    public synchronized List<String> topic(String topic) {
        List<String> out = new ArrayList<>();
        for (TopicRecord r : topics.getOrDefault(topic, List.of())) {
            out.add(r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
            out.add(r.value() == null ? null : new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A bounded job named {@code job} finishes at once, having written these records to the topic of sink {@code table}. */
    public synchronized FakeEngine boundedJobWrites(String job, String table, String... keysAndValues) {
        List<TopicRecord> records = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) records.add(new TopicRecord(0, 0, bytes(keysAndValues[i]), bytes(keysAndValues[i + 1])));
        jobWrites.computeIfAbsent(job, j -> new LinkedHashMap<>()).put(table, records);
        startsAsFor.put(job, JobState.of(JobState.State.FINISHED));
        return this;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void append(String topic, List<TopicRecord> records) {
        List<TopicRecord> log = topics.computeIfAbsent(topic, t -> new ArrayList<>());
        for (TopicRecord r : records) log.add(new TopicRecord(0, log.size(), r.key(), r.value()));
    }

    @Override
    public synchronized Map<Integer, Long> topicEnds(Map<String, String> options) throws EngineException {
        List<TopicRecord> log = topics.get(options.get("topic"));
        if (log == null) throw new EngineException("topic '" + options.get("topic") + "' does not exist");
        return Map.of(0, (long) log.size());
    }

    @Override
    public synchronized void readTopic(Map<String, String> options, Map<Integer, Long> from, Map<Integer, Long> to,
                                       java.util.function.Consumer<TopicRecord> each) throws EngineException {
        if (readFailures.containsKey(options.get("topic"))) throw new EngineException(readFailures.get(options.get("topic")));
        for (TopicRecord r : topics.getOrDefault(options.get("topic"), List.of())) {
            if (r.offset() >= from.getOrDefault(0, 0L) && r.offset() < to.getOrDefault(0, 0L)) each.accept(r);
        }
    }

    @Override
    public synchronized void writeTopic(Map<String, String> options, Iterable<TopicRecord> records) {
        List<TopicRecord> all = new ArrayList<>();
        records.forEach(all::add);
        append(options.get("topic"), all);
    }

    /** The end offsets of the topics statement {@code statement} reads, from now on. */
    public synchronized FakeEngine sourceEnds(String statement, List<SourceOffset> now) {
        sourceEnds.put(statement, List.copyOf(now));
        return this;
    }

    /** The end offsets of the topics statement {@code statement} writes, from now on. */
    public synchronized FakeEngine sinkEnds(String statement, List<SourceOffset> now) {
        sinkEnds.put(statement, List.copyOf(now));
        return this;
    }

    /** The next call for the end offsets of the topics statement {@code statement} writes is held until the test opens it. */
    public synchronized Hold holdSinkEnds(String statement) {
        Hold hold = new Hold();
        sinkEndHolds.put(statement, hold);
        return hold;
    }

    /** How many messages statement {@code statement} is behind its sources (empty: its sources cannot tell). */
    public synchronized FakeEngine behind(String statement, OptionalLong messages) {
        behind.put(statement, messages);
        return this;
    }

    /** How far statement {@code statement} is behind each of its sources. */
    public synchronized FakeEngine lag(String statement, List<SourceLag> now) {
        lag.put(statement, List.copyOf(now));
        return this;
    }

    /** What the engine counts for job {@code jobId} now. */
    public synchronized FakeEngine jobMetrics(String jobId, JobMetrics now) {
        jobMetrics.put(jobId, now);
        return this;
    }

    /** The latest completed checkpoint under {@code checkpointDir}. */
    public synchronized FakeEngine checkpoint(String checkpointDir, String path) {
        checkpoints.put(checkpointDir, path);
        return this;
    }

    // ---- driving jobs

    /** The job becomes RUNNING. */
    public synchronized void run(String jobId) {
        job(jobId).state = JobState.of(JobState.State.RUNNING);
    }

    /** The job failed and restarts: not every task runs, and {@code cause} says why. */
    public synchronized void restarting(String jobId, String cause) {
        job(jobId).state = new JobState(JobState.State.STARTING, cause);
    }

    /** The job FAILED with {@code cause}. */
    public synchronized void fail(String jobId, String cause) {
        job(jobId).state = new JobState(JobState.State.FAILED, cause);
    }

    /** The job FINISHED (a bounded source ran out). */
    public synchronized void finish(String jobId) {
        job(jobId).state = JobState.of(JobState.State.FINISHED);
    }

    /** The engine forgets the job (a lost cluster). */
    public synchronized void lose(String jobId) {
        job(jobId).state = JobState.of(JobState.State.UNKNOWN);
    }

    // ---- what the test checks

    /** Every job submitted so far, oldest first. */
    public synchronized List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    /** A job by id. */
    public synchronized Job job(String jobId) {
        Job j = jobs.get(jobId);
        if (j == null) throw new IllegalArgumentException("no job " + jobId);
        return j;
    }

    /** The latest job submitted for statement {@code statement}. */
    public synchronized Optional<Job> latestJob(String statement) {
        Job found = null;
        for (Job j : jobs.values()) {
            if (j.job.name().equals(statement)) found = j;
        }
        return Optional.ofNullable(found);
    }

    /** The storage prepared with create (a topic per table), with its bucket count. */
    public synchronized Map<String, OptionalInt> storage() {
        return Map.copyOf(storage);
    }

    /** The names of the statements whose sources were released (deleted statements), in order. */
    public synchronized List<String> released() {
        return List.copyOf(released);
    }

    /**
     * The names of the jobs whose tables the engine keeps: worked out for a job submitted or asked about, until its
     * statement is deleted ({@link #release}) or the job is forgotten ({@link #forget}).
     */
    public synchronized List<String> kept() {
        return List.copyOf(kept.values());
    }

    private void keep(StatementJob job) {
        kept.put(key(job), job.name());
    }

    private static List<Object> key(StatementJob job) {
        return List.of(job.name(), job.definitions(), job.statement(), job.properties());
    }

    /** How many sessions were opened. */
    public synchronized int sessionsOpened() {
        return sessions;
    }

    public synchronized boolean closed() {
        return closed;
    }

    // ---- the port

    // SHOW TABLES answered from the definitions given, as a real session holding them would; nothing else is faked
    @Override
    public QueryAnswer query(List<String> definitions, String sql, int maxRows) throws EngineException {
        if (!sql.strip().equalsIgnoreCase("SHOW TABLES")) throw new EngineException("FakeEngine answers SHOW TABLES only");
        List<List<String>> rows = new ArrayList<>();
        for (String d : definitions) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+(\\w+)").matcher(d);
            if (m.find()) rows.add(List.of(m.group(1)));
        }
        rows.sort(java.util.Comparator.comparing(r -> r.get(0)));
        return new QueryAnswer(List.of("table name"), rows, false);
    }

    @Override
    public String describe() {
        return "a fake engine (tests)";
    }

    @Override
    public String topicName(String tableName) {
        return tableName.replace(' ', '_'); // the engine's rule (DerivedNames.topic) for the one character tests use
    }

    @Override
    public synchronized Optional<ConnectorDescription> connector(String name) {
        return connectors.connector(name);
    }

    @Override
    public synchronized EngineSession openSession(Iterable<String> definitions) throws EngineException {
        sessions++;
        FakeSession session = new FakeSession();
        for (String ddl : definitions) session.applyDefinition(ddl);
        return session;
    }

    @Override
    public synchronized void preflight(StatementJob job) throws EngineException {
        keep(job);
        String failure = preflightFailures.get(job.name());
        if (failure != null) throw new EngineException(failure);
    }

    @Override
    public synchronized void prepareStorage(String table, Map<String, String> options, OptionalInt buckets, boolean create) {
        if (create) storage.put(table, buckets);
        if (create && options.get("topic") != null) topics.putIfAbsent(options.get("topic"), new ArrayList<>());
    }

    @Override
    public synchronized void dropStorage(String table, Map<String, String> options) {
        storage.remove(table);
        if (options.get("topic") != null && table.startsWith("cdcbridge_verify_")) topics.remove(options.get("topic"));
    }

    @Override
    public synchronized String submit(StatementJob job) throws EngineException {
        keep(job); // before the job is compiled, as FlinkEngine works its tables out
        String failure = submitFailures.get(job.name());
        if (failure != null) throw new EngineException(failure);
        try (FakeSession session = new FakeSession()) {
            for (String ddl : job.definitions()) session.applyDefinition(ddl);
            session.validate(job.statement(), job.properties());
            jobWrites.getOrDefault(job.name(), Map.of()).forEach((table, records) ->
                    append(session.table(table).orElseThrow().options().get("topic"), records));
        }
        String id = String.format("%032x", jobs.size() + 1);
        jobs.put(id, new Job(id, job, startsAsFor.getOrDefault(job.name(), JobState.of(startsAs))));
        return id;
    }

    @Override
    public synchronized JobState state(String jobId) {
        Job j = jobs.get(jobId);
        return j == null ? JobState.of(JobState.State.UNKNOWN) : j.state;
    }

    @Override
    public synchronized String stopWithSavepoint(String jobId, String savepointDir) throws EngineException {
        Job j = job(jobId);
        if (stopFailure != null) throw new EngineException(stopFailure);
        if (j.state.state() != JobState.State.RUNNING) {
            throw new EngineException("job " + jobId + " is " + j.state.state() + ", not RUNNING");
        }
        j.savepoint = savepointDir + "/savepoint-" + jobId.substring(jobId.length() - 6);
        j.state = JobState.of(JobState.State.FINISHED);
        return j.savepoint;
    }

    /** The next cancel of job {@code jobId} is held until the test opens it, as an engine that does not answer. */
    public synchronized Hold holdCancel(String jobId) {
        Hold hold = new Hold();
        cancelHolds.put(jobId, hold);
        return hold;
    }

    @Override
    public void cancel(String jobId) {
        Hold hold;
        synchronized (this) {
            hold = cancelHolds.remove(jobId);
        }
        if (hold != null) hold.hold();
        synchronized (this) {
            Job j = jobs.get(jobId);
            if (j != null) j.state = JobState.of(JobState.State.CANCELED);
        }
    }

    @Override
    public synchronized List<String> release(StatementJob deleted, List<StatementJob> others) {
        released.add(deleted.name());
        kept.remove(key(deleted));
        return List.of();
    }

    @Override
    public synchronized void forget(StatementJob job) {
        kept.remove(key(job));
    }

    @Override
    public synchronized List<SourceOffset> offsets(StatementJob job) {
        keep(job);
        return offsets.getOrDefault(job.name(), List.of());
    }

    @Override
    public List<SourceOffset> sinkEnds(StatementJob job) {
        Hold hold;
        synchronized (this) {
            keep(job);
            hold = sinkEndHolds.remove(job.name());
        }
        if (hold != null) hold.hold();
        synchronized (this) {
            return sinkEnds.getOrDefault(job.name(), List.of());
        }
    }

    @Override
    public synchronized List<SourceOffset> sourceEnds(StatementJob job) {
        keep(job);
        return sourceEnds.getOrDefault(job.name(), List.of());
    }

    @Override
    public synchronized List<SourceOffset> savepointOffsets(StatementJob job, String savepoint) {
        List<SourceOffset> in = savepointOffsets.get(job.name());
        return in != null ? in : offsets(job);
    }

    @Override
    public synchronized OptionalLong messagesBehind(StatementJob job) {
        return behind.getOrDefault(job.name(), OptionalLong.empty());
    }

    @Override
    public synchronized List<SourceLag> lag(StatementJob job) {
        return lag.getOrDefault(job.name(), List.of());
    }

    @Override
    public synchronized Optional<JobMetrics> jobMetrics(String jobId) {
        return Optional.ofNullable(jobMetrics.get(jobId));
    }

    @Override
    public synchronized Optional<String> latestCheckpoint(String checkpointDir) {
        return Optional.ofNullable(checkpoints.get(checkpointDir));
    }

    // state on the local file system, as FlinkEngine keeps it under a file: state dir
    @Override
    public List<String> stateFolders(String dir) {
        java.nio.file.Path p = java.nio.file.Path.of(java.net.URI.create(dir));
        if (!java.nio.file.Files.isDirectory(p)) return List.of();
        try (java.util.stream.Stream<java.nio.file.Path> in = java.nio.file.Files.list(p)) {
            return in.filter(java.nio.file.Files::isDirectory).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void deleteState(String dir) {
        java.nio.file.Path p = java.nio.file.Path.of(java.net.URI.create(dir));
        if (!java.nio.file.Files.exists(p)) return;
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(p)) {
            for (java.nio.file.Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
