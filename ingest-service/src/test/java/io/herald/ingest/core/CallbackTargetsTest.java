package io.herald.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where callbacks may go: every spelling of an internal address is refused, public ones pass, the operator decides. */
class CallbackTargetsTest {

    /** Names of this test's own "DNS": what an attacker's name could resolve to. */
    private static final Map<String, String> DNS = Map.of(
            "hooks.client.example", "93.184.215.14",
            "loopback.attacker.example", "127.0.0.1",
            "metadata.attacker.example", "169.254.169.254",
            "internal.attacker.example", "10.1.2.3",
            "v6.attacker.example", "fd00:ec2::254");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.equals("mixed.attacker.example")) {
            return new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("127.0.0.1")};
        }
        String address = DNS.get(host);
        if (address != null) {
            return new InetAddress[] {InetAddress.getByName(address)};
        }
        if (host.matches("[0-9a-fA-F:.]+")) {
            return InetAddress.getAllByName(host); // a literal, resolved without DNS
        }
        throw new UnknownHostException(host);
    }

    private static final CallbackTargets DEFAULTS = new CallbackTargets(List.of(), false, Map.of(),
            CallbackTargetsTest::resolve);

    @ParameterizedTest
    @ValueSource(strings = {
        "https://127.0.0.1/hook", "https://127.0.0.1:8081/tasks/log-level?logger=ROOT&level=OFF",
        "https://127.1/", "https://2130706433/", "https://0x7f000001/", "https://0x7f.0.0.1/", "https://0177.0.0.1/",
        "https://017700000001/", "https://0/", "https://0.0.0.0/", "https://[::]/", "https://[::1]/",
        "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/", "https://[0:0:0:0:0:ffff:a9fe:a9fe]/",
        "https://[::127.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:7f00:1::]/",
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/", "https://100.100.100.200/", "https://10.0.0.1/", "https://172.16.5.4/",
        "https://172.31.255.255/", "https://192.168.1.1/", "https://[fe80::1]/", "https://[fc00::1]/",
        "https://224.0.0.1/", "https://[ff02::1]/", "https://255.255.255.255/", "https://240.0.0.1/",
        "https://loopback.attacker.example/", "https://metadata.attacker.example/", "https://internal.attacker.example/",
        "https://v6.attacker.example/", "https://mixed.attacker.example/", "https://unknown.attacker.example/"})
    void refusesEverySpellingOfAnInternalAddressAndNamesThatResolveThere(String url) {
        assertThat(DEFAULTS.check("acme", url)).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.client.example/herald?x=1", "https://93.184.215.14/hook",
        "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook", "https://172.32.0.1/", "https://[64:ff9b::5db8:d70e]/"})
    void letsPublicAddressesThrough(String url) {
        assertThat(DEFAULTS.check("acme", url)).as(url).isEmpty();
    }

    @Test
    void saysWhatIsWrongForTheProblemDetail() {
        assertThat(DEFAULTS.check("acme", "https://metadata.attacker.example/x")).hasValueSatisfying(detail ->
                assertThat(detail).contains("metadata.attacker.example", "link-local", "169.254.169.254",
                        "callbacks.allowedNetworks"));
        assertThat(DEFAULTS.check("acme", "https://2130706433/")).hasValueSatisfying(detail ->
                assertThat(detail).contains("dotted-decimal"));
        assertThat(DEFAULTS.check("acme", "https://unknown.attacker.example/")).hasValue(
                "host unknown.attacker.example does not resolve");
    }

    @Test
    void refusesPlainHttpUnlessTheOperatorAllowsIt() {
        assertThat(DEFAULTS.check("acme", "http://hooks.client.example/x")).hasValueSatisfying(detail ->
                assertThat(detail).contains("https"));
        CallbackTargets http = new CallbackTargets(List.of(), true, Map.of(), CallbackTargetsTest::resolve);
        assertThat(http.check("acme", "http://hooks.client.example/x")).isEmpty();
        assertThat(http.check("acme", "http://127.0.0.1/x")).isPresent();
    }

    @Test
    void anAllowedNetworkIsTheOnlyWayToAPrivateTarget() {
        CallbackTargets targets = new CallbackTargets(List.of("10.1.0.0/16", "127.0.0.2/32", "fd00::/8"), false,
                Map.of(), CallbackTargetsTest::resolve);
        assertThat(targets.check("acme", "https://internal.attacker.example/")).isEmpty();
        assertThat(targets.check("acme", "https://10.1.255.1/")).isEmpty();
        assertThat(targets.check("acme", "https://10.2.0.1/")).isPresent();
        assertThat(targets.check("acme", "https://127.0.0.2/")).isEmpty();
        assertThat(targets.check("acme", "https://127.0.0.1/")).isPresent();
        assertThat(targets.check("acme", "https://[fd00:ec2::254]/")).isEmpty();
        assertThat(targets.check("acme", "https://169.254.169.254/")).isPresent();
    }

    @Test
    void aClientWithAHostListMayUseOnlyThoseHosts() {
        CallbackTargets targets = new CallbackTargets(List.of(), false,
                Map.of("acme", List.of("hooks.client.example", "*.acme.example")), CallbackTargetsTest::resolve);
        assertThat(targets.check("acme", "https://hooks.client.example/x")).isEmpty();
        assertThat(targets.problem("acme", java.net.URI.create("https://HOOKS.client.example./x"))).isEmpty();
        assertThat(targets.problem("acme", java.net.URI.create("https://eu.hooks.acme.example/x"))).isEmpty();
        assertThat(targets.problem("acme", java.net.URI.create("https://acme.example/x"))).isPresent();
        assertThat(targets.problem("acme", java.net.URI.create("https://evilacme.example/x"))).isPresent();
        assertThat(targets.check("acme", "https://93.184.215.14/x")).hasValueSatisfying(detail ->
                assertThat(detail).contains("not among this client's callback hosts"));
        assertThat(targets.check("other", "https://93.184.215.14/x")).as("a client without a list").isEmpty();
    }

    @Test
    void theResolverRefusesWhatTheCheckRefuses() throws Exception {
        assertThat(DEFAULTS.resolve("hooks.client.example")).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14");
        assertThatThrownBy(() -> DEFAULTS.resolve("loopback.attacker.example"))
                .isInstanceOf(CallbackTargets.RefusedAddressException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> DEFAULTS.resolve("[::1]")).isInstanceOf(CallbackTargets.RefusedAddressException.class);
        assertThatThrownBy(() -> DEFAULTS.resolve("unknown.attacker.example"))
                .isNotInstanceOf(CallbackTargets.RefusedAddressException.class)
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void malformedNetworksAreReported() {
        assertThat(CallbackTargets.malformed(List.of("10.0.0.0/8", "fd00::/8", "0.0.0.0/0"))).isEmpty();
        assertThat(CallbackTargets.malformed(List.of("10.0.0.0", "10.0.0.0/33", "fd00::/129", "ten/8", "10.0.0.0/x")))
                .hasSize(5);
    }
}
