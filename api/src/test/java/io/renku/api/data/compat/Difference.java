package io.renku.api.data.compat;

/**
 * One way in which an operation of ours differs from the original's.
 *
 * @param where where in the operation: {@code response 200 $.items[].name}, {@code request $.x}
 * @param message what differs
 * @param breaking whether an original client can trip over it (then the operation is not
 *     compatible); otherwise a note, such as an optional field we do not answer
 */
record Difference(String where, String message, boolean breaking) {

  @Override
  public String toString() {
    return (breaking ? "" : "(note) ") + where + ": " + message;
  }
}
