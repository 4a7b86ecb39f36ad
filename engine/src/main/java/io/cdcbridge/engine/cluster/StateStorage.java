package io.cdcbridge.engine.cluster;

import io.cdcbridge.control.engine.EngineException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;

/**
 * Checkpoints and savepoints under a state dir URI, read and removed through Flink's file systems (the ones Flink
 * has built in, file: among them, and those of its plugins: s3:, gs:, abfs: ... from {@code $FLINK_PLUGINS_DIR}
 * when set, configured by {@code $FLINK_CONF_DIR/config.yaml}), as the cluster writes them.
 */
public final class StateStorage {

    private static boolean initialized;

    private StateStorage() {
    }

    /**
     * Checks that this process can write under {@code stateDir}: its file system is known here and the folder can be
     * made. The cluster must reach it too, which only the first checkpoint shows.
     */
    public static void check(String stateDir) throws EngineException {
        Path dir = new Path(URI.create(stateDir));
        FileSystem fs = fileSystem(dir, stateDir);
        try {
            if (!fs.mkdirs(dir)) throw new IOException("the folder cannot be made");
            Path probe = new Path(dir, ".cdcbridge-probe");
            fs.create(probe, FileSystem.WriteMode.OVERWRITE).close();
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new EngineException("--state-dir " + stateDir + ": this server cannot write there (" + e.getMessage() + ")", e);
        }
    }

    /** The newest complete checkpoint ({@code <dir>/<job id>/chk-<n>/_metadata}) under {@code checkpointDir}. */
    public static Optional<String> latestCheckpoint(String checkpointDir) throws EngineException {
        Path dir = new Path(URI.create(checkpointDir));
        FileSystem fs = fileSystem(dir, checkpointDir);
        try {
            List<FileStatus> complete = new ArrayList<>();
            for (FileStatus job : list(fs, dir)) {
                if (!job.isDir()) continue;
                for (FileStatus chk : list(fs, job.getPath())) {
                    if (!chk.isDir() || !chk.getPath().getName().startsWith("chk-")) continue;
                    Path metadata = new Path(chk.getPath(), "_metadata");
                    if (fs.exists(metadata)) complete.add(fs.getFileStatus(metadata));
                }
            }
            return complete.stream().max(Comparator.comparingLong(FileStatus::getModificationTime))
                    .map(m -> m.getPath().getParent().toUri().toString());
        } catch (IOException e) {
            throw new EngineException("the checkpoints in " + checkpointDir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The names of the folders in {@code dir}; none where it does not exist. */
    public static List<String> folders(String dir) throws EngineException {
        Path p = new Path(URI.create(dir));
        FileSystem fs = fileSystem(p, dir);
        try {
            return list(fs, p).stream().filter(FileStatus::isDir).map(s -> s.getPath().getName()).sorted().toList();
        } catch (IOException e) {
            throw new EngineException(dir + " cannot be listed: " + e.getMessage(), e);
        }
    }

    /** Removes {@code dir} with all it holds; nothing where it does not exist. */
    public static void delete(String dir) throws EngineException {
        Path p = new Path(URI.create(dir));
        FileSystem fs = fileSystem(p, dir);
        try {
            if (fs.exists(p)) fs.delete(p, true);
        } catch (IOException e) {
            throw new EngineException(dir + " cannot be removed: " + e.getMessage(), e);
        }
    }

    private static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) return List.of();
        FileStatus[] in = fs.listStatus(dir);
        return in == null ? List.of() : List.of(in);
    }

    private static FileSystem fileSystem(Path p, String uri) throws EngineException {
        initialize();
        try {
            return p.getFileSystem();
        } catch (IOException e) {
            throw new EngineException(uri + ": no file system for it in this server (" + e.getMessage() + "); for"
                    + " object storage put Flink's plugin (e.g. flink-s3-fs-hadoop) under plugins/<name>/ of a folder"
                    + " named by $FLINK_PLUGINS_DIR, as on the cluster", e);
        }
    }

    // plugins only where asked for: file: is built in, and the embedded cluster shares this process's file systems
    private static synchronized void initialize() {
        if (initialized) return;
        initialized = true;
        if (System.getenv("FLINK_PLUGINS_DIR") == null) return;
        // the plugins' settings (s3.access-key ...) as the cluster has them, from $FLINK_CONF_DIR/config.yaml
        String confDir = System.getenv("FLINK_CONF_DIR");
        Configuration conf = confDir == null ? new Configuration() : GlobalConfiguration.loadConfiguration(confDir);
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
    }
}
