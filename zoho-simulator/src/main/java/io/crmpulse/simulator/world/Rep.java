package io.crmpulse.simulator.world;

import java.util.Objects;

/** A sales rep (a Zoho user), rendered as {@code Owner {name, id, email}}. */
public record Rep(String id, String name, String email) {
    public Rep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }
}
