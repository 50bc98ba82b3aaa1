package io.renku.api.data;

import io.renku.api.data.model.NodeAffinity;
import java.util.List;

/**
 * The fields that every request variant of a resource class carries ({@code ResourceClassPost},
 * {@code ResourceClassPut}, {@code ResourceClassPatch} and their {@code WithId} forms in the pool's
 * own requests). The generated models implement it (the schemas' {@code x-implements}), so one
 * mapper reads them all.
 *
 * <p>Why not a shared base schema with {@code allOf}: the generator renders it as a base class and
 * then drops the variants' own {@code required} lists (no {@code @NotNull} on the inherited
 * getters), which would let a POST without {@code name} past validation. The schemas therefore stay
 * flat, and the wire format and the contract as clients read it stay exactly as they were.
 */
public interface ResourceClassFields {
  String getName();

  Double getCpu();

  Long getMemory();

  Long getGpu();

  Long getMaxStorage();

  Long getDefaultStorage();

  Boolean getDefault();

  Boolean getQuotaEnforced();

  List<String> getTolerations();

  List<NodeAffinity> getNodeAffinities();
}
