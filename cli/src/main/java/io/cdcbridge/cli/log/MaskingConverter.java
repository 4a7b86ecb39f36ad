package io.cdcbridge.cli.log;

import io.cdcbridge.control.secret.Redactor;
import java.util.List;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;

/**
 * {@code %masked{pattern}} in a log4j2 layout: the pattern's text with the value after every sensitive key masked
 * by {@link Redactor#text}, the one declaration of what is secret. Libraries log their own configuration
 * (postgres-cdc its Debezium properties, password included), so every line passes through it.
 */
@Plugin(name = "MaskingConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"masked"})
public final class MaskingConverter extends LogEventPatternConverter {

    private final List<PatternFormatter> formatters;

    private MaskingConverter(List<PatternFormatter> formatters) {
        super("masked", "masked");
        this.formatters = formatters;
    }

    /** Called by log4j with the layout's configuration and the pattern in braces. */
    public static MaskingConverter newInstance(Configuration config, String[] options) {
        if (options == null || options.length != 1) throw new IllegalArgumentException("%masked takes one pattern: %masked{%msg}");
        return new MaskingConverter(PatternLayout.createPatternParser(config).parse(options[0]));
    }

    @Override
    public void format(LogEvent event, StringBuilder out) {
        StringBuilder line = new StringBuilder();
        for (PatternFormatter f : formatters) f.format(event, line);
        out.append(Redactor.text(line.toString()));
    }

    @Override
    public boolean handlesThrowable() {
        return formatters.stream().anyMatch(PatternFormatter::handlesThrowable);
    }
}
