package io.cdcbridge.connectors.jdbc;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/** What the sink does with NaN or an infinity in a FLOAT or DOUBLE column for a target that cannot store them. */
public enum NonFiniteFloats implements DescribedEnum {
    /** The row is refused, naming the column: a dead letter with a dead-letter topic, else the job fails. */
    REFUSE("the row is refused naming the column (a dead letter, or the job fails without `dlq.topic`)"),
    /** The column is written as NULL, the rest of the row as it is. */
    NULL("the column is written as NULL");

    private final String description;

    NonFiniteFloats(String description) {
        this.description = description;
    }

    @Override
    public InlineElement getDescription() {
        return TextElement.text(description);
    }
}
