package io.crmpulse.zoho;

import org.apache.flink.util.FlinkRuntimeException;

/** The Zoho source cannot go on; the message says what to fix. */
public class ZohoSourceException extends FlinkRuntimeException {

    private static final long serialVersionUID = 1L;

    public ZohoSourceException(String message) {
        super(message);
    }

    public ZohoSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
