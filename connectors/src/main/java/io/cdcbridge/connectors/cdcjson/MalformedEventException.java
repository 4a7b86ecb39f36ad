package io.cdcbridge.connectors.cdcjson;

import java.io.IOException;

/** A message that is not a valid change event; the message is the reason, in one line, for a dead letter. */
public final class MalformedEventException extends IOException {

    private static final long serialVersionUID = 1L;

    public MalformedEventException(String reason) {
        super(reason);
    }
}
