package io.cdcbridge.control.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.contract.Compatibility;
import io.cdcbridge.control.contract.Contract;
import io.cdcbridge.control.contract.ContractVersion;
import io.cdcbridge.control.engine.TableShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contracts outlive the server: one owner-only file per table, read back as written. */
class WorkspaceContractsTest {

    @TempDir
    Path dir;

    @Test
    void aContractIsKeptAndReadBack() throws Exception {
        ContractVersion v1 = new ContractVersion(1, List.of(new TableShape.Column("id", "INT", false, true)), List.of("id"),
                "{\"type\":\"record\",\"name\":\"my table\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}",
                "CREATE TABLE `my table` (... 'password' = '${DB_PASSWORD}')", "a.sql:1", Instant.parse("2024-06-11T15:40:00Z"));
        Contract c = new Contract("my table", Compatibility.FULL, List.of(v1));
        Workspace.open(dir).save(c);

        Workspace reopened = Workspace.open(dir);
        assertThat(reopened.contract("my table")).contains(c);
        assertThat(reopened.contracts()).containsExactly(c);
        assertThat(reopened.contract("other")).isEmpty();
        Path file = dir.resolve("contracts").resolve("my+table.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).contains("${DB_PASSWORD}");
    }
}
