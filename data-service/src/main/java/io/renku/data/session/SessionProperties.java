package io.renku.data.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of sessions, bound from {@code renku.sessions.*}.
 *
 * @param runtime where sessions run: {@code local} (processes on this machine, proxied by the
 *     gateway)
 * @param localRoot where the local runtime keeps each session's files and output (default: {@code
 *     renku-sessions} in the temporary directory)
 * @param startTimeout how long a session may take to answer before it counts as failed
 * @param publicUrl the platform's public address, used in the sessions' {@code url}; empty gives
 *     relative URLs
 * @param internalToken the secret the gateway presents when it asks where a session runs; empty
 *     turns that endpoint off
 * @param cullInterval how often idle, paused and lost sessions are looked after
 * @param maxAge the longest a session may run before it is paused, or null for no limit
 * @param defaultEnvironment whether a Jupyter environment is created at the first start
 * @param kubernetes where sessions go with the {@code kubernetes} runtime
 * @param maxPerUser how many sessions one caller (user or anonymous visitor) may have running or
 *     starting at once; 0 for no limit
 * @param maxAnonymous how many sessions anonymous visitors may have on the platform together,
 *     running or paused (each new anonymous cookie is a new visitor, so the per-caller limit alone
 *     does not bound them); 0 for no limit
 * @param anonymousIdle the longest an anonymous visitor's session may stay idle before it is
 *     paused, whatever its pool allows
 * @param anonymousHibernation the longest an anonymous visitor's paused session is kept, whatever
 *     its pool allows
 */
@ConfigurationProperties("renku.sessions")
public record SessionProperties(
    @DefaultValue("local") String runtime,
    @DefaultValue("") String localRoot,
    @DefaultValue("10m") Duration startTimeout,
    @DefaultValue("") String publicUrl,
    @DefaultValue("") String internalToken,
    @DefaultValue("15s") Duration cullInterval,
    Duration maxAge,
    @DefaultValue("true") boolean defaultEnvironment,
    @DefaultValue Kubernetes kubernetes,
    @DefaultValue("5") int maxPerUser,
    @DefaultValue("10") int maxAnonymous,
    @DefaultValue("30m") Duration anonymousIdle,
    @DefaultValue("1h") Duration anonymousHibernation) {

  /**
   * The {@code kubernetes} runtime's settings.
   *
   * @param masterUrl the API server; blank uses the in-cluster account or {@code ~/.kube/config}
   * @param namespace the namespace of the sessions
   * @param ingressHost the public host of session ingresses
   * @param cpuLimitFactor CPU limit = request × this; 0 for none
   */
  public record Kubernetes(
      @DefaultValue("") String masterUrl,
      @DefaultValue("renku-sessions") String namespace,
      @DefaultValue("") String ingressHost,
      String ingressClassName,
      String tlsSecret,
      String storageClass,
      @DefaultValue("0") double cpuLimitFactor) {}
}
