package io.cdcbridge.connectors.names;

import java.nio.charset.StandardCharsets;

/**
 * Names cdcbridge derives from a user's identifiers (a schema, a table, a column, a slot), made valid for the system
 * that holds them as Debezium makes them valid: whatever the identifier holds (spaces, mixed case, reserved words,
 * letters beyond ASCII), the derived name is one that system takes. Every derived topic, Avro name and PostgreSQL
 * object name goes through here; identifiers themselves are never changed, only quoted (see the connectors README).
 */
public final class DerivedNames {

    /** Kafka's longest topic name. */
    public static final int TOPIC_MAX_LENGTH = 249;

    /** PostgreSQL's longest identifier, in bytes (NAMEDATALEN - 1): it cuts longer ones silently. */
    public static final int POSTGRES_MAX_BYTES = 63;

    private DerivedNames() {}

    /**
     * A topic name as Debezium's topic naming strategies make one valid for Kafka ({@code sanitizedTopicName}): every
     * character other than a letter, digit, {@code .}, {@code _} or {@code -} becomes {@code _}, a name longer than
     * 249 characters is cut there, and {@code .} or {@code ..} (names Kafka refuses) become {@code _} or {@code __}.
     */
    public static String topic(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(c == '.' || c == '-' || avroChar(c, true) ? c : '_');
        }
        if (out.length() > TOPIC_MAX_LENGTH) out.setLength(TOPIC_MAX_LENGTH);
        String topic = out.toString();
        return topic.equals(".") ? "_" : topic.equals("..") ? "__" : topic;
    }

    /**
     * A name as Debezium's {@code avro} adjustment mode ({@code schema.name.adjustment.mode},
     * {@code field.name.adjustment.mode}) makes it valid for Avro ({@code [A-Za-z_][A-Za-z0-9_]*}): every other
     * character becomes {@code _}, and a leading digit is kept behind a {@code _} ({@code 3d} is {@code _3d}).
     */
    public static String avroName(String name) {
        if (name.isEmpty()) return "_";
        StringBuilder out = new StringBuilder(name.length() + 1);
        char first = name.charAt(0);
        if (avroChar(first, false)) {
            out.append(first);
        } else {
            out.append('_');
            if (first >= '0' && first <= '9') out.append(first);
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(avroChar(c, true) ? c : '_');
        }
        return out.toString();
    }

    /** A dotted Avro full name (namespace and name) with each part made valid by {@link #avroName}. */
    public static String avroFullName(String fullName) {
        StringBuilder out = new StringBuilder(fullName.length() + 2);
        for (String part : fullName.split("\\.", -1)) {
            if (!out.isEmpty()) out.append('.');
            out.append(avroName(part));
        }
        return out.toString();
    }

    /**
     * A name for an object cdcbridge creates in PostgreSQL (a publication after its slot, say), cut to the 63 bytes
     * PostgreSQL keeps (never inside a character), so the object is found again under the name it was created with.
     */
    public static String postgresName(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= POSTGRES_MAX_BYTES) return name;
        int end = POSTGRES_MAX_BYTES;
        while ((utf8[end] & 0xC0) == 0x80) end--; // not inside a character's bytes
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean avroChar(char c, boolean digitAllowed) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (digitAllowed && c >= '0' && c <= '9');
    }
}
