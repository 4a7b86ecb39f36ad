package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.control.workspace.Json;
import org.junit.jupiter.api.Test;

/** {@code statements resume} exits 1 when the statement it resumed ended FAILED, so a script can tell. */
class ResumeExitCodeTest {

    @Test
    void aResumeThatEndsFailedExitsOneAndOneThatRunsExitsZero() throws Exception {
        StatementsCommand.Resume resume = new StatementsCommand.Resume();
        assertThat(resume.exitCode(Json.MAPPER.readTree("""
                {"name": "copy", "status": {"phase": "FAILED", "detail": "table 'src' does not exist"}}
                """))).isEqualTo(1);
        assertThat(resume.exitCode(Json.MAPPER.readTree("""
                {"name": "copy", "status": {"phase": "RUNNING"}}
                """))).isZero();
        assertThat(resume.exitCode(Json.MAPPER.readTree("""
                {"name": "copy", "status": {"phase": "STARTING"}}
                """))).isZero();
    }
}
