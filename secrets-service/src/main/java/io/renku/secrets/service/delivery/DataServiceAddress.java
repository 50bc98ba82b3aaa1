package io.renku.secrets.service.delivery;

import io.renku.secrets.service.config.SecretsServiceProperties;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Where the data service is, for the users' keys. From {@code renku.secrets.data-service-url};
 * local mode starts this service before the data service (which needs this one's address), so there
 * the launcher {@linkplain #set sets} it once the data service listens.
 */
@Component
public class DataServiceAddress {
  private final AtomicReference<URI> url = new AtomicReference<>();

  public DataServiceAddress(SecretsServiceProperties p) {
    if (!p.dataServiceUrl().isBlank()) {
      url.set(URI.create(stripSlash(p.dataServiceUrl())));
    }
  }

  /** Sets the address if none is set yet; a configured address is never replaced. */
  public void set(String address) {
    if (!url.compareAndSet(null, URI.create(stripSlash(address)))) {
      throw new IllegalStateException("the data service's address is set already");
    }
  }

  /** The base URL, or null before it is known. */
  URI get() {
    return url.get();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
