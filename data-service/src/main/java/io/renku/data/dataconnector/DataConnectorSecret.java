package io.renku.data.dataconnector;

/** A credential a user saved for a connector: the option's name and the user secret holding it. */
public record DataConnectorSecret(String name, String secretId) {}
