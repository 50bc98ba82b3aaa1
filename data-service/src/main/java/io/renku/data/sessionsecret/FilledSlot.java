package io.renku.data.sessionsecret;

/** One of the caller's secrets filling a slot (the secret's id only, never its value). */
public record FilledSlot(SecretSlot slot, String secretId) {}
