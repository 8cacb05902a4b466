package io.crmpulse.zoho.split;

import io.crmpulse.zoho.model.ContentHash;
import java.util.Objects;

/**
 * A version of a record that a {@link ChangeCursor} remembers as emitted, at a time it files it
 * under: the record's id and a fingerprint of its content ({@link ContentHash}), so that two edits
 * within the same second are two versions.
 *
 * @param contentHash {@link ContentHash#NONE} for a deletion, and for a version restored from a
 *     checkpoint written before content was fingerprinted: it then stands for any content
 */
public record SeenVersion(String id, long contentHash) implements Comparable<SeenVersion> {

    public SeenVersion {
        Objects.requireNonNull(id, "id");
    }

    /** Whether a version read with this content is this one. */
    public boolean matches(String otherId, long otherHash) {
        return id.equals(otherId) && (contentHash == otherHash || contentHash == ContentHash.NONE);
    }

    @Override
    public int compareTo(SeenVersion o) {
        int byId = id.compareTo(o.id);
        return byId != 0 ? byId : Long.compare(contentHash, o.contentHash);
    }
}
