package io.renku.api.data;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;

/**
 * Converts query and path parameter strings to the generated enums by their wire value, e.g. {@code
 * "group"} to {@code NamespaceKind.GROUP}. Spring's default converter uses the Java constant name
 * ({@code GROUP}) and would reject the lower-case values used by the API.
 *
 * <p>Register it in a {@code WebMvcConfigurer#addFormatters} with {@code
 * registry.addConverterFactory(new WireEnumConverterFactory())}. Enums without a static {@code
 * fromValue(String)} method fall back to {@link Enum#valueOf}.
 */
public final class WireEnumConverterFactory implements ConverterFactory<String, Enum<?>> {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T extends Enum<?>> Converter<String, T> getConverter(Class<T> targetType) {
    Class<?> enumType = targetType;
    while (enumType != null && !enumType.isEnum()) {
      enumType = enumType.getSuperclass();
    }
    if (enumType == null) {
      throw new IllegalArgumentException(targetType + " is not an enum");
    }
    Method fromValue = findFromValue(enumType);
    Class rawType = enumType;
    return source -> {
      String value = source.trim();
      if (value.isEmpty()) {
        return null;
      }
      if (fromValue == null) {
        return (T) Enum.valueOf(rawType, value);
      }
      try {
        return (T) fromValue.invoke(null, value);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalArgumentException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static Method findFromValue(Class<?> enumType) {
    try {
      Method m = enumType.getMethod("fromValue", String.class);
      return Modifier.isStatic(m.getModifiers()) && enumType.isAssignableFrom(m.getReturnType())
          ? m
          : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
