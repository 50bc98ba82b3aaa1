package io.renku.secrets.service.kubernetes;

import io.renku.core.RenkuException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/secrets/kubernetes} (the original's {@code K8sSecret}), read from a
 * JSON object field by field so that each mistake is a 422 naming its field.
 */
record KubernetesSecretRequest(
    String name,
    String namespace,
    List<String> secretIds,
    List<OwnerRef> ownerReferences,
    Map<String, List<String>> keyMapping) {

  record OwnerRef(String apiVersion, String kind, String name, String uid) {}

  private static final Set<String> FIELDS =
      Set.of("name", "namespace", "secret_ids", "owner_references", "key_mapping", "cluster_id");
  // a DNS subdomain (Secret names) and a DNS label (namespaces), as the API server checks them
  private static final Pattern SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern DATA_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");

  static KubernetesSecretRequest parse(Map<String, Object> body) {
    if (body == null) {
      throw RenkuException.validation("body", "a JSON object is required");
    }
    for (String field : body.keySet()) {
      if (!FIELDS.contains(field)) {
        throw RenkuException.validation(field, "unknown field");
      }
    }
    String name = string(body, "name");
    if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
      throw RenkuException.validation("name", "not a valid Kubernetes Secret name");
    }
    String namespace = string(body, "namespace");
    if (namespace.length() > 63 || !LABEL.matcher(namespace).matches()) {
      throw RenkuException.validation("namespace", "not a valid namespace");
    }
    if (!(body.get("secret_ids") instanceof List<?> ids) || ids.isEmpty()) {
      throw RenkuException.validation("secret_ids", "a non-empty list is required");
    }
    List<String> secretIds = new ArrayList<>();
    for (Object id : ids) {
      if (!(id instanceof String s)) {
        throw RenkuException.validation("secret_ids", "ids are strings");
      }
      secretIds.add(s);
    }
    if (!(body.get("owner_references") instanceof List<?> refs)) {
      throw RenkuException.validation("owner_references", "a list is required");
    }
    List<OwnerRef> owners = new ArrayList<>();
    for (Object o : refs) {
      if (!(o instanceof Map<?, ?> m)) {
        throw RenkuException.validation("owner_references", "objects are required");
      }
      owners.add(
          new OwnerRef(
              ownerField(m, "apiVersion"),
              ownerField(m, "kind"),
              ownerField(m, "name"),
              ownerField(m, "uid")));
    }
    Map<String, List<String>> mapping = keyMapping(body.get("key_mapping"), secretIds);
    return new KubernetesSecretRequest(name, namespace, secretIds, owners, mapping);
  }

  /** Null when absent; else it must cover exactly the requested ids, with unique keys. */
  private static Map<String, List<String>> keyMapping(Object raw, List<String> ids) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof Map<?, ?> m)) {
      throw RenkuException.validation("key_mapping", "an object is required");
    }
    Map<String, List<String>> mapping = new LinkedHashMap<>();
    List<String> all = new ArrayList<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      List<String> keys = new ArrayList<>();
      if (e.getValue() instanceof String s) {
        keys.add(s);
      } else if (e.getValue() instanceof List<?> l && !l.isEmpty()) {
        for (Object k : l) {
          if (!(k instanceof String s)) {
            throw RenkuException.validation("key_mapping", "keys are strings");
          }
          keys.add(s);
        }
      } else {
        throw RenkuException.validation("key_mapping", "a key or a list of keys per secret");
      }
      for (String k : keys) {
        if (k.length() > 253 || !DATA_KEY.matcher(k).matches()) {
          throw RenkuException.validation("key_mapping", "not a valid Secret key: " + k);
        }
      }
      all.addAll(keys);
      mapping.put(String.valueOf(e.getKey()), keys);
    }
    if (!mapping.keySet().equals(Set.copyOf(ids))) {
      throw RenkuException.validation(
          "key_mapping", "Key mapping must include all requested secret IDs");
    }
    if (all.size() != Set.copyOf(all).size()) {
      throw RenkuException.validation("key_mapping", "Key mapping values are not unique");
    }
    return mapping;
  }

  private static String string(Map<String, Object> body, String field) {
    if (!(body.get(field) instanceof String s) || s.isBlank()) {
      throw RenkuException.validation(field, "is required");
    }
    return s;
  }

  private static String ownerField(Map<?, ?> m, String field) {
    if (!(m.get(field) instanceof String s) || s.isBlank()) {
      throw RenkuException.validation("owner_references", field + " is required");
    }
    return s;
  }
}
