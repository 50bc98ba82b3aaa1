package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.renku.session.crd.AmaltheaSession;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The test {@link IdleProbe}: idleness per session name, set by the test; unknown by default. */
final class ManualIdleProbe implements IdleProbe {

  private final Map<String, Boolean> idle = new ConcurrentHashMap<>();

  void set(String session, boolean value) {
    idle.put(session, value);
  }

  @Override
  public Optional<Boolean> isIdle(AmaltheaSession session, Pod pod) {
    return Optional.ofNullable(idle.get(session.getMetadata().getName()));
  }
}
