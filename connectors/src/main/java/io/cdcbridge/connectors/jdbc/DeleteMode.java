package io.cdcbridge.connectors.jdbc;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/** What the sink does with a delete. */
public enum DeleteMode implements DescribedEnum {
    /** Delete the row; with a version column the delete's version is kept as a tombstone for a while. */
    HARD("delete the row; with a version column, the delete's version is kept in a tombstone table"),
    /** Keep the row as the delete carries it (its version included), with the soft-delete column set to true. */
    SOFT("keep the row as the delete carries it, with the soft-delete column set to true"),
    /** Leave the row as it is. */
    IGNORE("leave the row as it is");

    private final String description;

    DeleteMode(String description) {
        this.description = description;
    }

    @Override
    public InlineElement getDescription() {
        return TextElement.text(description);
    }
}
