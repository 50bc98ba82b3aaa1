/**
 * The original's Renku v1 legacy, kept small because there is no Renku v1 here: projects migrated
 * from v1 ({@code /renku_v1_projects}, {@code /projects/{id}/migration_info}) and the v1 form of a
 * project's cloud storage ({@code /storage}). Sessions do not mount legacy storage; data connectors
 * are the v2 way.
 */
package io.renku.data.legacy;
