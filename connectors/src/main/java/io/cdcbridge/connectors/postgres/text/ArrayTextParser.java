package io.cdcbridge.connectors.postgres.text;

import io.cdcbridge.connectors.text.TextValueParser;
import io.cdcbridge.connectors.text.TextValueParsers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Reads PostgreSQL's text output of an array ({@code {a,"b,c",NULL,""}}, {@code {{1,2},{3,4}}} for nested arrays,
 * optionally after its bounds {@code [0:1]=}) into an ARRAY column, each element by its type's parser. An unquoted
 * {@code NULL} is a NULL element; a quoted one is the text NULL. The element delimiter is the comma (box, whose
 * delimiter is the semicolon, has no Flink type).
 */
final class ArrayTextParser implements TextValueParser {

    private static final long serialVersionUID = 1L;

    private final TextValueParser element;
    private final boolean nestedArrays;
    private final String type;

    private ArrayTextParser(LogicalType elementType) {
        this.element = forColumn(elementType);
        this.nestedArrays = elementType instanceof ArrayType;
        this.type = "ARRAY<" + elementType.asSummaryString() + ">";
    }

    /**
     * The parser of a PostgreSQL column of {@code type}: an ARRAY's here, the others' by {@link TextValueParsers}; fails
     * with IllegalArgumentException for a type it cannot read.
     */
    static TextValueParser forColumn(LogicalType type) {
        if (type instanceof ArrayType) return new ArrayTextParser(((ArrayType) type).getElementType());
        try {
            return TextValueParsers.forType(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " and ARRAYs of them (json, jsonb, uuid, money,"
                    + " interval, timetz, enums and numerics beyond DECIMAL(38) or NaN: as STRING)", e);
        }
    }

    @Override
    public Object parse(byte[] b, int off, int len) {
        int end = off + len;
        int at = off;
        if (at < end && b[at] == '[') { // explicit bounds: the elements are what a Flink array keeps
            while (at < end && b[at] != '=') at++;
            at++;
        }
        if (at >= end || b[at] != '{' || b[end - 1] != '}') throw TextValueParsers.invalid(b, off, len, type, "expected {...}");
        List<Object> values = new ArrayList<>();
        at++;
        int last = end - 1;
        if (at == last) return new GenericArrayData(new Object[0]);
        while (true) {
            int next;
            if (b[at] == '"') {
                byte[] unquoted = new byte[len];
                int n = 0;
                int i = at + 1;
                for (; i < last && b[i] != '"'; i++) {
                    if (b[i] == '\\' && i + 1 < last) i++;
                    unquoted[n++] = b[i];
                }
                if (i >= last) throw TextValueParsers.invalid(b, off, len, type, "a quoted element without its closing quote");
                values.add(element.parse(Arrays.copyOf(unquoted, n), 0, n));
                next = i + 1;
            } else if (b[at] == '{') {
                if (!nestedArrays) throw TextValueParsers.invalid(b, off, len, type, "a nested array where an element was expected");
                next = closingBrace(b, at, last, off, len) + 1;
                values.add(element.parse(b, at, next - at));
            } else {
                next = at;
                while (next < last && b[next] != ',') next++;
                boolean isNull = next - at == 4 && b[at] == 'N' && b[at + 1] == 'U' && b[at + 2] == 'L' && b[at + 3] == 'L';
                values.add(isNull ? null : element.parse(b, at, next - at));
            }
            if (next == last) break;
            if (b[next] != ',') throw TextValueParsers.invalid(b, off, len, type, "expected , at position " + (next - off));
            at = next + 1;
        }
        return new GenericArrayData(values.toArray());
    }

    // where the brace that closes the one at {@code at} is, quoted elements skipped
    private int closingBrace(byte[] b, int at, int last, int off, int len) {
        int depth = 0;
        boolean quoted = false;
        for (int i = at; i < last; i++) {
            if (quoted) {
                if (b[i] == '\\') i++;
                else if (b[i] == '"') quoted = false;
            } else if (b[i] == '"') {
                quoted = true;
            } else if (b[i] == '{') {
                depth++;
            } else if (b[i] == '}' && --depth == 0) {
                return i;
            }
        }
        throw TextValueParsers.invalid(b, off, len, type, "a nested array without its closing brace");
    }
}
