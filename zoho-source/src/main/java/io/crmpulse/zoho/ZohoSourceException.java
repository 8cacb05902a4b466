package io.crmpulse.zoho;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * The Zoho source cannot go on and a restart would not help (a revoked refresh token, an unknown
 * module, a missing scope); the message says what to fix. Flink does not restart a job that fails
 * with it, so the operator sees the message instead of a restart loop.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class ZohoSourceException extends FlinkRuntimeException {

    private static final long serialVersionUID = 1L;

    public ZohoSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
