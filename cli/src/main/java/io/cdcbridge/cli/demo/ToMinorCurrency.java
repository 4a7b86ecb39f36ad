package io.cdcbridge.cli.demo;

import java.math.BigDecimal;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Seed 002's {@code to_minor_currency}: a price in major units (49.90) as minor units (4990). An example of a Java UDF:
 * {@code CREATE FUNCTION to_minor_currency AS 'io.cdcbridge.cli.demo.ToMinorCurrency'} finds it on the server's class path.
 */
public final class ToMinorCurrency extends ScalarFunction {

    /** The price times 100, rounded half up to a whole minor unit; null stays null. */
    public Long eval(@DataTypeHint("DECIMAL(38, 4)") BigDecimal price) {
        return price == null ? null : price.movePointRight(2).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
}
