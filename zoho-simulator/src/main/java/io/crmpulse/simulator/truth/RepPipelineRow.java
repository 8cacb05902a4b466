package io.crmpulse.simulator.truth;

/**
 * One row of {@code rep_pipeline}, keyed by {@code owner_id}: lead columns by the lead's owner,
 * deal columns by the deal's owner. {@code ownerName} is the name on the owner's most recently
 * modified record.
 */
public record RepPipelineRow(String ownerId, String ownerName, MatrixColumns columns) {}
