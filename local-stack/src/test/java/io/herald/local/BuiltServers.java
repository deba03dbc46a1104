package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The tests that start a server from its module's {@code target/} folder. Under Maven (system property
 * {@code herald.requireBuiltServers=true}, set by this module's Surefire configuration, whose reactor builds the
 * servers first) a missing one fails the test; elsewhere (an IDE without a build) it skips it.
 */
final class BuiltServers {

    private BuiltServers() {
    }

    /**
     * @param built whether the server's files are there
     * @param what which server, e.g. {@code smsc-simulator is built}
     */
    static void require(boolean built, String what) {
        if (Boolean.getBoolean("herald.requireBuiltServers")) {
            assertThat(built).as(what + " (the reactor builds it before these tests)").isTrue();
        } else {
            assumeThat(built).as(what).isTrue();
        }
    }
}
