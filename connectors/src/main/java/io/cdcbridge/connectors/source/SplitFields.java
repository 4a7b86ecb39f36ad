package io.cdcbridge.connectors.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Fields the CDC sources' split and state serializers share: a snapshot split's key bound, a list of ids. */
public final class SplitFields {

    private SplitFields() {}

    /** A key bound, null for an open one. */
    public static void writeBound(Long bound, DataOutputView out) throws IOException {
        out.writeBoolean(bound != null);
        if (bound != null) out.writeLong(bound);
    }

    /** A key bound as {@link #writeBound} wrote it. */
    public static Long readBound(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    /** A list of strings (split ids, table names). */
    public static void writeStrings(List<String> strings, DataOutputView out) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) out.writeUTF(s);
    }

    /** A list as {@link #writeStrings} wrote it. */
    public static List<String> readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(in.readUTF());
        return out;
    }
}
