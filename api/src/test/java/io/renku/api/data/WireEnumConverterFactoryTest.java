package io.renku.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.api.data.model.NamespaceKind;
import io.renku.api.data.model.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.support.DefaultConversionService;

class WireEnumConverterFactoryTest {

  @Test
  void convertsWireValuesIncludingCommaSeparatedLists() {
    DefaultConversionService conversion = new DefaultConversionService();
    conversion.addConverterFactory(new WireEnumConverterFactory());

    assertThat(conversion.convert("editor", Role.class)).isEqualTo(Role.EDITOR);
    Object kinds =
        conversion.convert(
            "user,group",
            TypeDescriptor.valueOf(String.class),
            TypeDescriptor.collection(List.class, TypeDescriptor.valueOf(NamespaceKind.class)));
    assertThat(kinds).isEqualTo(List.of(NamespaceKind.USER, NamespaceKind.GROUP));
  }

  @Test
  void rejectsUnknownValues() {
    DefaultConversionService conversion = new DefaultConversionService();
    conversion.addConverterFactory(new WireEnumConverterFactory());
    assertThatThrownBy(() -> conversion.convert("OWNER", Role.class))
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }
}
