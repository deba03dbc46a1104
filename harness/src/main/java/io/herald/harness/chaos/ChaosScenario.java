package io.herald.harness.chaos;

/**
 * One fault, injected into a batch while the dispatchers work on it. {@link ScenarioRun} submits the batch, calls
 * {@link #inject} on its own thread, waits until every accepted message reached the simulator (or nothing arrives
 * for the stall timeout), then counts. {@link #prepare} and {@link #restore} bracket the whole run.
 */
interface ChaosScenario {

    /** @return the scenario's name on the command line and in the result line, e.g. {@code dispatcher-kill} */
    String name();

    /**
     * Sets the stack up before the batch is submitted, e.g. restarts the simulator with a throttle.
     *
     * @param stack the stack
     */
    default void prepare(ChaosStack stack) {
    }

    /**
     * Injects the fault, on the fault thread, while the batch runs. Returns when the fault is over (the process is
     * back). Waits on {@link FaultContext#awaitReceived} to strike at a point of the batch.
     *
     * @param context the running scenario
     * @throws InterruptedException if the run is cancelled
     */
    void inject(FaultContext context) throws InterruptedException;

    /**
     * Adds scenario-specific figures after the batch settled, before {@link #restore}.
     *
     * @param context the finished scenario
     */
    default void finish(FaultContext context) {
    }

    /**
     * Puts the stack back as the next scenario expects it; called even if the run failed.
     *
     * @param stack the stack
     */
    default void restore(ChaosStack stack) {
    }
}
