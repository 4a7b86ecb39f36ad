package io.cdcbridge.connectors.mysql.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** MySQL's executed GTID set with MySQL 8.4's tags, against a model of every GTID added. */
public class ExecutedGtidsTest {

    static final String[] SERVERS = {"c6a5e8a2-5d3c-11ef-8f5d-0242ac120002", "3e11fa47-71ca-11e1-9e33-c80aa9429562"};
    static final String[] TAGS = {"", "nightly", "alpha"};

    @Property(tries = 300)
    void theSetHoldsEveryGtidAddedInMysqlsFormAndReadsBackAsItself(
            @ForAll("gtids") List<Tuple.Tuple3<Integer, Integer, Long>> gtids) {
        ExecutedGtids set = ExecutedGtids.parse(SERVERS[1] + ":1-2:nightly:5");
        TreeMap<String, TreeMap<String, TreeSet<Long>>> model = new TreeMap<>();
        model.computeIfAbsent(SERVERS[1], s -> new TreeMap<>()).computeIfAbsent("", t -> new TreeSet<>()).addAll(List.of(1L, 2L));
        model.get(SERVERS[1]).computeIfAbsent("nightly", t -> new TreeSet<>()).add(5L);
        for (Tuple.Tuple3<Integer, Integer, Long> g : gtids) {
            set.add(new TaggedGtid(UUID.fromString(SERVERS[g.get1()]), TAGS[g.get2()], g.get3(), 0, 0));
            model.computeIfAbsent(SERVERS[g.get1()], s -> new TreeMap<>()).computeIfAbsent(TAGS[g.get2()], t -> new TreeSet<>()).add(g.get3());
        }
        assertThat(set.toString()).isEqualTo(mysqlForm(model));
        assertThat(ExecutedGtids.parse(set.toString()).toString()).isEqualTo(set.toString());
    }

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Long>>> gtids() {
        return Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(1, 30)).as(Tuple::of).list().ofMaxSize(40);
    }

    /** As MySQL prints a set: servers by UUID, untagged numbers first, then tags in order, each as runs of numbers. */
    public static String mysqlForm(TreeMap<String, TreeMap<String, TreeSet<Long>>> model) {
        StringBuilder out = new StringBuilder();
        model.forEach((server, tags) -> {
            if (!out.isEmpty()) out.append(',');
            out.append(server);
            tags.forEach((tag, numbers) -> {
                if (!tag.isEmpty()) out.append(':').append(tag);
                Long start = null, last = null;
                for (long n : numbers) {
                    if (last != null && n == last + 1) {
                        last = n;
                        continue;
                    }
                    if (start != null) out.append(':').append(start).append(start.equals(last) ? "" : "-" + last);
                    start = n;
                    last = n;
                }
                out.append(':').append(start).append(start.equals(last) ? "" : "-" + last);
            });
        });
        return out.toString();
    }
}
