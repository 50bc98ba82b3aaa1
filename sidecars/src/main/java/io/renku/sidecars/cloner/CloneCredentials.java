package io.renku.sidecars.cloner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The {@code --config} file of {@code cloner clone} (the git-clone secret the operator mounts), in
 * the Go cloner's format: YAML with {@code username}, {@code password} and {@code privateKey}. A
 * username means HTTP basic authentication; a private key means SSH, which this cloner does not
 * speak (decision 0022). The record's {@code toString} never shows the secrets.
 */
record CloneCredentials(String username, String password, boolean hasPrivateKey) {

  static CloneCredentials read(Path file) throws Fatal {
    Object root;
    try (InputStream in = Files.newInputStream(file)) {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(10);
      root = new Yaml(new SafeConstructor(options)).load(in);
    } catch (IOException e) {
      throw new Fatal("failed to read configuration file: " + e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      // The parser's message quotes the line, which may hold the password.
      throw new Fatal("failed to parse configuration: not valid YAML");
    }
    if (root != null && !(root instanceof Map<?, ?>)) {
      throw new Fatal("failed to parse configuration: not a YAML mapping");
    }
    Map<?, ?> map = root == null ? Map.of() : (Map<?, ?>) root;
    Object username = map.get("username");
    Object privateKey = map.get("privateKey");
    Object password = map.get("password");
    if (privateKey == null && username == null) {
      throw new Fatal(
          "Invalid authentication configuration one username or privateKey must be set");
    }
    return new CloneCredentials(
        username == null ? null : String.valueOf(username),
        password == null ? "" : String.valueOf(password),
        privateKey != null);
  }

  @Override
  public String toString() {
    return "CloneCredentials[username=" + username + ", password=***]";
  }
}
