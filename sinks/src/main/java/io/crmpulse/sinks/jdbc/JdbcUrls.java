package io.crmpulse.sinks.jdbc;

import java.util.regex.Pattern;

/** What of a PostgreSQL JDBC URL may be shown: everything but its secrets. */
public final class JdbcUrls {

    /**
     * pgjdbc's URL parameters that hold a secret: the password, the password of the client's SSL
     * key, and the argument of a custom SSL factory (often a keystore password). pgjdbc splits
     * parameters on {@code &} only, so a value runs to the next {@code &}; a {@code ;} does not end
     * it. Names are matched in any case, so that a misspelt one is masked too.
     */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)((?:^|[?&;])(?:password|sslpassword|sslfactoryarg)=)[^&]*");

    /** A {@code user:password@} before the host: pgjdbc ignores it, but a user may write it. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?@]*@");

    private JdbcUrls() {}

    /** The URL with the value of every secret-bearing parameter, and any user info, masked. */
    public static String redact(String jdbcUrl) {
        String masked = SECRET_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("***@");
    }
}
