package io.renku.identity.account;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Account rules: sign-up validation, the first administrator. */
@Service
public class AccountService {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,63}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
  static final int MIN_PASSWORD = 10;

  private final AccountRepository accounts;
  private final PasswordEncoder encoder;

  public AccountService(AccountRepository accounts, PasswordEncoder encoder) {
    this.accounts = accounts;
    this.encoder = encoder;
  }

  public Optional<Account> byUsername(String username) {
    return accounts.byUsername(username);
  }

  /** What is wrong with a sign-up form, one message per field; empty when it is fine. */
  public List<String> problems(NewAccount n) {
    List<String> problems = new ArrayList<>();
    if (n.username() == null || !USERNAME.matcher(n.username()).matches()) {
      problems.add(
          "username: 2 to 64 letters, digits, dots, dashes or underscores, starting with a"
              + " letter or digit");
    }
    if (n.email() == null || !EMAIL.matcher(n.email()).matches()) {
      problems.add("email: not an email address");
    }
    if (n.firstName() != null && n.firstName().length() > 256
        || n.lastName() != null && n.lastName().length() > 256) {
      problems.add("name: at most 256 characters");
    }
    if (n.password() == null || n.password().length() < MIN_PASSWORD) {
      problems.add("password: at least " + MIN_PASSWORD + " characters");
    } else if (n.password().length() > 72) {
      problems.add("password: at most 72 characters"); // bcrypt ignores the rest
    }
    if (problems.isEmpty() && accounts.usernameOrEmailTaken(n.username(), n.email())) {
      problems.add("username or email: already registered");
    }
    return problems;
  }

  /**
   * Creates an account by self sign-up: not an administrator, and its e-mail address unverified
   * (nothing checked that it is the user's). Throws {@link IllegalArgumentException} listing the
   * problems when the form is invalid or the username or email is taken.
   */
  public Account signUp(NewAccount n) {
    return register(n, false, false);
  }

  private Account register(NewAccount n, boolean admin, boolean emailVerified) {
    List<String> problems = problems(n);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Account account =
        new Account(
            UUID.randomUUID().toString(),
            n.username(),
            n.email(),
            emailVerified,
            n.firstName() == null ? "" : n.firstName().strip(),
            n.lastName() == null ? "" : n.lastName().strip(),
            encoder.encode(n.password()),
            admin,
            true);
    try {
      accounts.insert(account);
    } catch (DuplicateKeyException e) {
      throw new IllegalArgumentException("username or email: already registered");
    }
    return account;
  }

  /**
   * Creates the first administrator unless one exists. Returns the generated password when one was
   * made up (to be shown once), empty when the password was given or nothing was created.
   */
  public Optional<String> ensureAdmin(String username, String email, String password) {
    if (accounts.anyAdmin()) {
      return Optional.empty();
    }
    boolean generated = password == null || password.isBlank();
    String pw = generated ? randomPassword() : password;
    // The operator chose this address (or took the default): it counts as verified.
    register(new NewAccount(username, email, "Renku", "Administrator", pw), true, true);
    return generated ? Optional.of(pw) : Optional.empty();
  }

  static String randomPassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
