package io.renku.data.storage;

/**
 * A possible value of an option; rclone calls these examples, but with {@code exclusive} they are
 * the only values allowed.
 *
 * @param provider the providers the value is for; empty for all
 */
public record StorageExample(String value, String help, String provider) {}
