package io.cdcbridge.control.registry;

/**
 * A refusal of the schema registry API in Confluent Schema Registry's terms: an HTTP status and the error code its
 * clients look at (40401 subject not found, 40402 version not found, 40403 schema not found, 409 incompatible, 42201
 * invalid schema, 42202 invalid version, 42203 invalid compatibility level, 42205 operation not permitted, ...).
 */
public final class RegistryException extends RuntimeException {

    private final int status;
    private final int errorCode;

    public RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(String subject, Object version) {
        return new RegistryException(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryException schemaNotFound(String message) {
        return new RegistryException(404, 40403, message);
    }

    static RegistryException invalidSchema(String message) {
        return new RegistryException(422, 42201, message);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(422, 42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException notPermitted(String message) {
        return new RegistryException(422, 42205, message);
    }
}
