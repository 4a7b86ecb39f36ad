package io.cdcbridge.connectors.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Connect schemas and values in Avro as Confluent's AvroConverter (AvroData, connect.meta.data on) makes them. */
class ConnectAvroTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // a row image of Connect types whose Avro forms differ from the plain ones, in a struct as an envelope holds it
    private static final String CONNECT = """
            {"type":"struct","fields":[
              {"type":"struct","fields":[
                {"type":"int16","optional":false,"field":"id"},
                {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,
                 "parameters":{"scale":"2","connect.decimal.precision":"10"},"field":"price"},
                {"type":"int32","optional":true,"name":"io.debezium.time.Date","version":1,"field":"day"},
                {"type":"array","items":{"type":"string","optional":true},"optional":true,"field":"tags"},
                {"type":"string","optional":true,"field":"2nd name"}],
               "optional":true,"name":"shop.public.order-lines.Value","field":"before"},
              {"type":"struct","fields":[],"optional":true,"name":"shop.public.order-lines.Value","field":"after"},
              {"type":"string","optional":true,"name":"io.debezium.data.Enum","version":1,
               "parameters":{"allowed":"true,false"},"default":"false","field":"snapshot"}],
             "optional":false,"name":"shop.public.order-lines.Envelope","version":2}""";

    @Test
    void schemasAreAvroConvertersWithNamesAvroRefusesAdjusted() throws Exception {
        JsonNode connect = JSON.readTree(CONNECT);
        Schema avro = new ConnectAvro().schema(connect);
        assertThat(avro.toString()).isEqualTo("{\"type\":\"record\",\"name\":\"Envelope\",\"namespace\":\"shop.public.order_lines\","
                + "\"fields\":[{\"name\":\"before\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"Value\",\"fields\":["
                + "{\"name\":\"id\",\"type\":{\"type\":\"int\",\"connect.type\":\"int16\"}},"
                + "{\"name\":\"price\",\"type\":[\"null\",{\"type\":\"bytes\",\"scale\":2,\"precision\":10,\"connect.version\":1,"
                + "\"connect.parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"},"
                + "\"connect.name\":\"org.apache.kafka.connect.data.Decimal\",\"logicalType\":\"decimal\"}],\"default\":null},"
                + "{\"name\":\"day\",\"type\":[\"null\",{\"type\":\"int\",\"connect.version\":1,\"connect.name\":\"io.debezium.time.Date\"}],"
                + "\"default\":null},"
                + "{\"name\":\"tags\",\"type\":[\"null\",{\"type\":\"array\",\"items\":[\"null\",\"string\"]}],\"default\":null},"
                + "{\"name\":\"_2nd_name\",\"type\":[\"null\",\"string\"],\"default\":null}],"
                + "\"connect.name\":\"shop.public.order_lines.Value\"}],\"default\":null},"
                + "{\"name\":\"after\",\"type\":[\"null\",\"Value\"],\"default\":null},"
                + "{\"name\":\"snapshot\",\"type\":[{\"type\":\"string\",\"connect.version\":1,"
                + "\"connect.parameters\":{\"allowed\":\"true,false\"},\"connect.default\":\"false\","
                + "\"connect.name\":\"io.debezium.data.Enum\"},\"null\"],\"default\":\"false\"}],"
                + "\"connect.version\":2,\"connect.name\":\"shop.public.order_lines.Envelope\"}");
    }

    @Test
    void valuesAreWrittenAsTheSchemaSaysAndReadBackTheSame() throws Exception {
        JsonNode connect = JSON.readTree(CONNECT);
        Schema avro = new ConnectAvro().schema(connect);
        JsonNode payload = JSON.readTree("""
                {"before":{"id":-3,"price":"AQI=","day":19000,"tags":["a",null,"b, \\"c\\""],"2nd name":"x y"},
                 "after":null,"snapshot":"true"}""");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(avro).write(ConnectAvro.value(avro, connect, payload), encoder);
        encoder.flush();
        Object read = new GenericDatumReader<>(avro).read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        // the Decimal's bytes are the unscaled value, 0x0102 = 258: 2.58
        assertThat(read.toString()).isEqualTo("{\"before\": {\"id\": -3, \"price\": \"\\u0001\\u0002\", \"day\": 19000, "
                + "\"tags\": [\"a\", null, \"b, \\\"c\\\"\"], \"_2nd_name\": \"x y\"}, \"after\": null, \"snapshot\": \"true\"}");
    }
}
