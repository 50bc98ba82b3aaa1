/**
 * The session operator: reconciles {@code AmaltheaSession} resources into a StatefulSet, PVC,
 * Service, Ingress and Secret, computes the session's status from its pod, and culls (hibernates,
 * then deletes) sessions by the limits in {@code spec.culling}.
 *
 * <p>The decisions are pure functions ({@link io.renku.session.operator.DesiredChildren}, {@link
 * io.renku.session.operator.SessionStateMachine}, {@link
 * io.renku.session.operator.StatusTransitions}, {@link io.renku.session.operator.CullingPolicy});
 * {@link io.renku.session.operator.AmaltheaSessionReconciler} only reads the cluster, calls them
 * and writes the results.
 */
package io.renku.session.operator;
