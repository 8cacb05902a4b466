package io.crmpulse.zoho.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A 64-bit fingerprint of a text: the first eight bytes of its SHA-256. It tells versions of a
 * record apart by their content (two edits within one second share {@code Modified_Time}) and
 * recognizes an unreadable item that is read again. Never {@link #NONE}, which stands for "no
 * content" (a deletion) or "any content" (a version remembered by an older checkpoint).
 */
public final class ContentHash {

    /** No content to tell versions apart by. */
    public static final long NONE = 0L;

    private ContentHash() {}

    public static long of(String text) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] digest = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
        long hash = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            hash = (hash << 8) | (digest[i] & 0xFF);
        }
        return hash == NONE ? 1L : hash;
    }
}
