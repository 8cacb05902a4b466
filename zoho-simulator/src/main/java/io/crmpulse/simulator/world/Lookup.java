package io.crmpulse.simulator.world;

/** A Zoho lookup value: {@code {"name": ..., "id": ...}}, e.g. a lead's {@code Converted_Deal}. */
public record Lookup(String name, String id) {}
