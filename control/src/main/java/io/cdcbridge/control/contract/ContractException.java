package io.cdcbridge.control.contract;

/** A change refused because it would break a contract; the message names the table, the field, the rule and the versions. */
public class ContractException extends RuntimeException {

    public ContractException(String message) {
        super(message);
    }
}
