package io.cdcbridge.control.verify;

import java.util.Map;

/** The port verification plugs into: compares a target table with its source (and repairs it), as a request says. */
public interface TableVerifier {

    /** The report, as the REST answer gives it (secrets never in it); {@code repair} rewrites what differs, then verifies again. */
    Map<String, Object> verify(VerifyRequest request, boolean repair) throws Exception;

    /** Drops a scratch table verification made (a topic's snapshot), if it exists. */
    void drop(VerifyRequest.Location table) throws Exception;
}
