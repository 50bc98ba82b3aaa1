package io.renku.secrets.service.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kubernetes client (in-cluster service account or kubeconfig, as fabric8 finds it), only in a
 * cluster ({@code renku.secrets.kubernetes.enabled}); local mode has none.
 */
@Configuration
@ConditionalOnProperty(name = "renku.secrets.kubernetes.enabled", havingValue = "true")
public class KubernetesConfig {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }
}
