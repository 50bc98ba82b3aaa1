package io.renku.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client the proxied routes use: a pool of keep-alive connections per upstream. No
 * redirects followed, no cookies kept, no automatic retries, no decompression: the caller sees what
 * the upstream said. No socket read timeout either: an upstream that stays silent for five minutes
 * is cut off by the {@link UpstreamWatch}, which costs nothing per read (a read timeout on a
 * virtual thread costs a timer per blocking read; see UpstreamWatch).
 */
@Configuration
public class UpstreamClientConfig {

  @Bean(destroyMethod = "close")
  CloseableHttpClient upstreamHttpClient() {
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(512)
            .setMaxConnPerRoute(256)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.ofSeconds(5))
                    .setSocketTimeout(Timeout.DISABLED)
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .build())
            .build();
    return HttpClients.custom()
        .setConnectionManager(pool)
        .setDefaultRequestConfig(RequestConfig.custom().setRedirectsEnabled(false).build())
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAutomaticRetries()
        .disableContentCompression()
        .evictIdleConnections(TimeValue.of(30, TimeUnit.SECONDS))
        .build();
  }

  @Bean(destroyMethod = "close")
  UpstreamWatch upstreamWatch() {
    return new UpstreamWatch(Duration.ofMinutes(5));
  }
}
