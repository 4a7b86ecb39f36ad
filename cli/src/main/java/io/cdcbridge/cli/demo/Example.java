package io.cdcbridge.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A file of one of the examples/ folders, packaged into the jar so the demos run from the jar alone. */
public record Example(String folder, String file) {

    /** The file's text. */
    public String text() {
        String path = "/examples/" + folder + "/" + file;
        try (InputStream in = Example.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("example file missing from the jar: " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name shown in messages, e.g. examples/customers-contract/flink/03-publish.sql. */
    public String path() {
        return "examples/" + folder + "/" + file;
    }
}
