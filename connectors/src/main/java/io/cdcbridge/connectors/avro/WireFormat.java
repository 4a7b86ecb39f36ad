package io.cdcbridge.connectors.avro;

import java.io.IOException;

/** Confluent's wire format: the magic byte 0, a 4-byte big-endian schema id, then the Avro binary body. */
public final class WireFormat {

    /** The first byte of every record. */
    public static final int MAGIC = 0;

    /** Bytes before the Avro body. */
    public static final int HEADER = 5;

    private WireFormat() {}

    /** Starts a record: the magic byte and the schema id. */
    public static void writeHeader(java.io.ByteArrayOutputStream out, int id) {
        out.write(MAGIC);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
    }

    /** The schema id a record names; IOException for bytes not in the wire format. */
    public static int schemaId(byte[] message) throws IOException {
        if (message.length < HEADER || message[0] != MAGIC) {
            throw new IOException("not Avro in Confluent's wire format (magic byte 0, 4-byte schema id, Avro): "
                    + (message.length == 0 ? "no bytes" : message.length < HEADER ? message.length + " bytes"
                    : "the first byte is " + (message[0] & 0xff)));
        }
        return ((message[1] & 0xff) << 24) | ((message[2] & 0xff) << 16) | ((message[3] & 0xff) << 8) | (message[4] & 0xff);
    }
}
