package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help says what it means: a `${NAME}` it names is printed as such, never as "null". */
class HelpTextTest {

    @Test
    void noHelpTextPrintsNullWhereItNamesAVariable() {
        Map<String, String> help = new TreeMap<>();
        collect(new CommandLine(new Main()), help);

        assertThat(help).isNotEmpty();
        help.forEach((command, text) -> assertThat(text).as(command).doesNotContainPattern("\\bnull\\b"));
        assertThat(help.get("cdcbridge produce")).contains("(default: the server's ${KAFKA_BOOTSTRAP_SERVERS})");
        assertThat(help.get("cdcbridge consume")).contains("(default: the server's ${KAFKA_BOOTSTRAP_SERVERS})");
        assertThat(help.get("cdcbridge run")).contains("A value for ${NAME} in the script");
    }

    @Test
    void produceAndConsumeSpellTheirFlagsAlikeAndTakeDurationsInOneSyntax() {
        String produce = new CommandLine(new Main()).getSubcommands().get("produce").getUsageMessage().replaceAll("\\s+", " ");
        String consume = new CommandLine(new Main()).getSubcommands().get("consume").getUsageMessage().replaceAll("\\s+", " ");

        assertThat(produce).contains("--bootstrap-servers=HOST:PORT", "--delay=DURATION", DurationConverter.SYNTAX)
                .doesNotContain("--bootstrap-server=", "--bootstrap=");
        assertThat(consume).contains("--bootstrap-servers=HOST:PORT", "--idle-timeout=DURATION", DurationConverter.SYNTAX)
                .doesNotContain("--bootstrap-server=", "--bootstrap=");
    }

    @Test
    void everyOptionThatTakesATimeTakesItAsADuration() {
        Map<String, CommandLine.Model.OptionSpec> timed = new TreeMap<>();
        collectOptions(new CommandLine(new Main()), timed);

        assertThat(timed).isNotEmpty();
        timed.forEach((option, spec) -> assertThat(spec.type()).as(option).isEqualTo(java.time.Duration.class));
        assertThat(timed).containsKeys("cdcbridge evolve --timeout", "cdcbridge run --wait", "cdcbridge produce --delay",
                "cdcbridge consume --idle-timeout", "cdcbridge verify --recheck-after");
    }

    // options named or described as a time: a timeout, a wait, a delay, seconds
    private static void collectOptions(CommandLine cmd, Map<String, CommandLine.Model.OptionSpec> timed) {
        for (CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
            String text = o.longestName() + " " + String.join(" ", o.description());
            if (o.type() != boolean.class && text.matches("(?is).*(timeout|--wait|--delay|-after|seconds).*")) {
                timed.put(cmd.getCommandSpec().qualifiedName() + " " + o.longestName(), o);
            }
        }
        cmd.getSubcommands().values().forEach(sub -> collectOptions(sub, timed));
    }

    @Test
    void aDurationIsANumberWithAUnitOrSeconds() {
        DurationConverter d = new DurationConverter();

        assertThat(d.convert("500ms")).hasMillis(500);
        assertThat(d.convert("2s")).hasSeconds(2);
        assertThat(d.convert("1.5m")).hasSeconds(90);
        assertThat(d.convert("1h")).hasHours(1);
        assertThat(d.convert("0.5")).hasMillis(500);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.convert("5 minutes"))
                .hasMessage("'5 minutes' is not a duration (" + DurationConverter.SYNTAX + ")");
    }

    private static void collect(CommandLine cmd, Map<String, String> help) {
        // as read, not as wrapped to the terminal's width
        help.put(cmd.getCommandSpec().qualifiedName(), cmd.getUsageMessage().replaceAll("\\s+", " "));
        cmd.getSubcommands().values().forEach(sub -> collect(sub, help));
    }
}
