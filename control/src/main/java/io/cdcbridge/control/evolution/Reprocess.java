package io.cdcbridge.control.evolution;

/** Blue/green that reads only from a point in time on: every Kafka source of v2 starts at {@code --from}. */
final class Reprocess extends BlueGreen {

    @Override
    public void check(EvolutionRequest req, Long fromMillis) {
        if (fromMillis == null) throw new IllegalArgumentException("reprocess needs --from TIMESTAMP: where v2's sources start");
    }
}
