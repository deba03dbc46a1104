package io.herald.harness.chaos;

import java.util.function.Supplier;

/** The scenarios {@code herald chaos --scenario NAME} knows, by their command-line names. */
public enum ScenarioName {
    /** {@link DispatcherKillScenario}. */
    DISPATCHER_KILL(DispatcherKillScenario.NAME, DispatcherKillScenario::new),
    /** {@link SmscOutageScenario}. */
    SMSC_OUTAGE(SmscOutageScenario.NAME, SmscOutageScenario::new),
    /** {@link SmscThrottleScenario}. */
    SMSC_THROTTLE(SmscThrottleScenario.NAME, SmscThrottleScenario::new),
    /** {@link BrokerRestartScenario}. */
    BROKER_RESTART(BrokerRestartScenario.NAME, BrokerRestartScenario::new),
    /** {@link PoisonScenario}. */
    POISON(PoisonScenario.NAME, PoisonScenario::new),
    /** {@link PauseResumeKillScenario}. */
    PAUSE_RESUME_KILL(PauseResumeKillScenario.NAME, PauseResumeKillScenario::new);

    private final String cliName;
    private final Supplier<ChaosScenario> factory;

    ScenarioName(String cliName, Supplier<ChaosScenario> factory) {
        this.cliName = cliName;
        this.factory = factory;
    }

    /**
     * @param name a command-line name such as {@code dispatcher-kill}
     * @return the scenario
     * @throws IllegalArgumentException if there is none by that name
     */
    public static ScenarioName of(String name) {
        for (ScenarioName s : values()) {
            if (s.cliName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario " + name + "; known: dispatcher-kill, smsc-outage,"
                + " smsc-throttle, broker-restart, poison, pause-resume-kill");
    }

    ChaosScenario create() {
        return factory.get();
    }

    @Override
    public String toString() {
        return cliName;
    }
}
