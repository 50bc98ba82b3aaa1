package io.renku.data.dataconnector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.core.RenkuException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Storage URLs become the configurations the original makes of them. */
class StorageUrlsTest {

  @Test
  void s3UrlsNameTheBucketAndTheRegion() {
    var plain = StorageUrls.parse("s3://giab/data/x");
    assertThat(plain.configuration()).isEqualTo(Map.of("type", "s3", "provider", "AWS"));
    assertThat(plain.sourcePath()).isEqualTo("giab/data/x");

    var regional = StorageUrls.parse("s3://s3.eu-west-1.amazonaws.com/bucket/path");
    assertThat(regional.configuration())
        .containsEntry("region", "eu-west-1")
        .containsEntry("provider", "AWS");
    assertThat(regional.sourcePath()).isEqualTo("bucket/path");

    var virtualHost = StorageUrls.parse("s3://bucket.s3.us-east-2.amazonaws.com/path");
    assertThat(virtualHost.configuration()).containsEntry("region", "us-east-2");
    assertThat(virtualHost.sourcePath()).isEqualTo("bucket/path");
  }

  @Test
  void httpsUrlsAreS3EndpointsUnlessAzure() {
    var endpoint = StorageUrls.parse("https://objects.example.org:9000/bucket/dir");
    assertThat(endpoint.configuration())
        .isEqualTo(Map.of("type", "s3", "endpoint", "objects.example.org:9000"));
    assertThat(endpoint.sourcePath()).isEqualTo("bucket/dir");

    var azure = StorageUrls.parse("https://acct.blob.core.windows.net/container/dir");
    assertThat(azure.configuration()).isEqualTo(Map.of("type", "azureblob", "account", "acct"));
    assertThat(azure.sourcePath()).isEqualTo("container/dir");
    assertThat(StorageUrls.parse("az://container/dir").sourcePath()).isEqualTo("container/dir");
  }

  @Test
  void otherSchemesAndBrokenUrlsAre422NamingTheField() {
    for (String bad : new String[] {"ftp://host/x", "not a url", "s3:///nohost", "file:/etc"}) {
      assertThatThrownBy(() -> StorageUrls.parse(bad))
          .as(bad)
          .isInstanceOf(RenkuException.class)
          .hasMessageContaining("storage.storage_url");
    }
  }
}
