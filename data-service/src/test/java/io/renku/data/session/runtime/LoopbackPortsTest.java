package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session ports never land on a port the platform is about to bind. */
class LoopbackPortsTest {

  @Test
  void aPortThePlatformReservedIsPassedOver() {
    Iterator<Integer> kernel = List.of(40123, 40123, 40124).iterator();
    Set<Integer> reserved = Set.of(40123);
    assertThat(LoopbackPorts.pick(kernel::next, reserved::contains)).isEqualTo(40124);
  }

  @Test
  void givesUpRatherThanLoopingForever() {
    assertThatThrownBy(() -> LoopbackPorts.pick(() -> 40123, p -> true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No free port on 127.0.0.1");
  }

  @Test
  void theKernelsChoiceIsAFreeLoopbackPortNotReserved() {
    int port = LoopbackPorts.pick(p -> false);
    assertThat(port).isBetween(1, 65535);
  }

  @Test
  void thePublicUrlsPortIsReserved() {
    assertThat(LoopbackPorts.portOf("http://localhost:39165")).containsExactly(39165);
    assertThat(LoopbackPorts.portOf("https://renku.example.org")).containsExactly(443);
    assertThat(LoopbackPorts.portOf("")).isEmpty();
  }
}
