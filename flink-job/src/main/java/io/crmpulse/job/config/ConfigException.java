package io.crmpulse.job.config;

/** A setting is missing or wrong; the message names the key, the value and what is allowed. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
