/**
 * The fabric8 model of Amalthea's {@code AmaltheaSession} custom resource ({@code
 * amalthea.dev/v1alpha1}).
 *
 * <p>Field names, enum values and defaults are those of the original Go types, so that the Python
 * data service and the k8s watcher read and write the same objects. Values are records; optional
 * fields are {@code null} when absent and never serialized as {@code null}. The CRD in {@code
 * deploy/crds/} is generated from these classes at build time.
 */
package io.renku.session.crd;
