package io.herald.dispatcher.send.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.MovableClock;
import io.herald.dispatcher.send.Gateway;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static Lane lane(String name) {
        Gateway gateway = new Gateway() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public SendResult send(Message message) {
                return SendResult.accepted(List.of(name + "-1"));
            }

            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        return new Lane(name, gateway, Fixtures.guard(new MovableClock(Fixtures.NOW)));
    }

    private static final Map<String, Lane> LANES = Map.of("a", lane("a"), "b", lane("b"), "c", lane("c"));

    @Test
    void theLongestMatchingPrefixWinsElseTheDefault() {
        RouteTable table = RouteTable.parse(List.of("+47=a|b", "+4791=c", "*=b|a"), LANES);

        assertThat(table.lanesFor("+4791234567")).extracting(Lane::name).containsExactly("c");
        assertThat(table.lanesFor("+4741234567")).extracting(Lane::name).containsExactly("a", "b");
        assertThat(table.lanesFor("+4612345678")).extracting(Lane::name).containsExactly("b", "a");
        assertThat(table.lanes()).extracting(Lane::name).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void invalidTablesAreRejected() {
        assertThatThrownBy(() -> RouteTable.parse(List.of("+47=a"), LANES)).hasMessageContaining("default route");
        assertThatThrownBy(() -> RouteTable.parse(List.of("*=x"), LANES)).hasMessageContaining("'x'");
        assertThatThrownBy(() -> RouteTable.parse(List.of("47=a", "*=a"), LANES)).hasMessageContaining("prefix");
        assertThatThrownBy(() -> RouteTable.parse(List.of("*=a", "*=b"), LANES)).hasMessageContaining("twice");
        assertThatThrownBy(() -> RouteTable.parse(List.of("*"), LANES)).hasMessageContaining("PREFIX=");
    }
}
