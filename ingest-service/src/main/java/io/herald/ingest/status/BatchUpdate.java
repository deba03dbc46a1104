package io.herald.ingest.status;

/**
 * What the batch step reads from the repartition topic {@value StatusTopology#BY_BATCH}, keyed by batchId: either a
 * message's change of latest state or an intake; exactly one is set.
 *
 * @param transition a message's change of latest state, or null
 * @param intake recipients taken into the batch, or null
 */
record BatchUpdate(Transition transition, Intake intake) {
}
