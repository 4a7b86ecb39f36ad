package io.cdcbridge.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

class FailureCauseTest {

    @Test
    void keepsTheListsOfFlinksOptionMessages() {
        ValidationException e = new ValidationException("Unable to create a source for reading table 'c.d.t'.\n\n"
                + "Table options are:\n\n'connector'='kafka'\n'password'='secret'",
                new ValidationException("Unsupported options found for 'kafka'.\n\nUnsupported options:\n\nscan.mode\n\n"
                        + "Supported options:\n\nconnector\nformat\ntopic"));
        assertThat(FailureCause.describe(e)).isEqualTo("Unable to create a source for reading table 'c.d.t': Unsupported"
                + " options found for 'kafka'. Unsupported options: scan.mode. Supported options: connector, format, topic");
    }

    @Test
    void givesTheFirstLineOfOtherMessages() {
        assertThat(FailureCause.describe(new IllegalStateException("SQL parse failed. Encountered \",\" at line 2, column 9.\n"
                + "Was expecting one of:\n    \")\" ...")))
                .isEqualTo("SQL parse failed. Encountered \",\" at line 2, column 9.");
    }

    @Test
    void keepsALineOfUpTo1000Characters() {
        String line = "x".repeat(999) + ".";
        assertThat(FailureCause.describe(new IllegalStateException(line + "\nmore"))).isEqualTo(line);
        assertThat(FailureCause.describe(new IllegalStateException(line + "y"))).isEqualTo("x".repeat(997) + "...");
    }
}
