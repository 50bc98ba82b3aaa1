package io.renku.identity.account;

/** A sign-up form as submitted. */
public record NewAccount(
    String username, String email, String firstName, String lastName, String password) {

  @Override
  public String toString() { // never print the password
    return "NewAccount[username=" + username + ", email=" + email + "]";
  }
}
