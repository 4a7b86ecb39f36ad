package io.cdcbridge.connectors.mysql.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import java.util.StringJoiner;
import java.util.UUID;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The binlog split in a checkpoint keeps its position whole, however large MySQL's GTID set grew. */
class MysqlSplitSerializerTest {

    @Test
    void aGtidSetOfThousandsOfServersOutgrowingWriteUtfsLimitComesBackWhole() throws Exception {
        StringJoiner set = new StringJoiner(",");
        for (int i = 0; i < 3_000; i++) set.add(new UUID(i, i) + ":1-" + (1_000_000 + i) + ":1000005-1000009");
        BinlogSplit split = new BinlogSplit(new BinlogPosition("binlog.000042", 4_711, set.toString()), 17);
        assertThat(set.length()).isGreaterThan(65_535);

        assertThat(roundTrip(split)).isEqualTo(split);
    }

    @Test
    void aShortSetAndNoneAreWrittenAsBeforeSoEarlierCheckpointsRead() throws Exception {
        BinlogSplit mariaDb = new BinlogSplit(new BinlogPosition("binlog.000001", 330, "0-1-42"), 0);
        BinlogSplit unknown = new BinlogSplit(new BinlogPosition("binlog.000001", 330, null), 2);

        assertThat(roundTrip(mariaDb)).isEqualTo(mariaDb);
        assertThat(roundTrip(unknown)).isEqualTo(unknown);
        // as the first version wrote them: tag, file, position, a boolean and the GTID in writeUTF's form, rows emitted
        DataOutputSerializer before = new DataOutputSerializer(64);
        before.writeByte(2);
        before.writeUTF("binlog.000001");
        before.writeLong(330);
        before.writeBoolean(true);
        before.writeUTF("0-1-42");
        before.writeLong(0);
        assertThat(MysqlSplitSerializer.INSTANCE.serialize(mariaDb)).isEqualTo(before.getCopyOfBuffer());
    }

    static MysqlSplit roundTrip(MysqlSplit split) throws Exception {
        MysqlSplitSerializer s = MysqlSplitSerializer.INSTANCE;
        return s.deserialize(s.getVersion(), s.serialize(split));
    }
}
