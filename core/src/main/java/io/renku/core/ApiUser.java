package io.renku.core;

/**
 * Who is calling: a user authenticated by a verified token, or an anonymous visitor.
 *
 * @param id the token subject, or an {@code anon-…} id for anonymous visitors
 * @param authenticated whether a valid token was presented
 * @param admin whether the token carries the realm role {@code renku-admin}
 * @param emailVerified whether the identity provider vouches for {@code email} (claim {@code
 *     email_verified}); only verified addresses are used to find users
 */
public record ApiUser(
    String id,
    boolean authenticated,
    boolean admin,
    String email,
    String firstName,
    String lastName,
    String fullName,
    boolean emailVerified) {

  /** A caller whose e-mail address is not known to be verified. */
  public ApiUser(
      String id,
      boolean authenticated,
      boolean admin,
      String email,
      String firstName,
      String lastName,
      String fullName) {
    this(id, authenticated, admin, email, firstName, lastName, fullName, false);
  }

  public static ApiUser anonymous(String anonId) {
    return new ApiUser(anonId, false, false, null, null, null, null);
  }

  public boolean isAnonymous() {
    return !authenticated;
  }

  /** Throws 401 unless the caller is logged in. */
  public ApiUser requireAuthenticated() {
    if (!authenticated) {
      throw RenkuException.unauthorized("You have to be authenticated to perform this operation.");
    }
    return this;
  }

  /** Throws 401 for anonymous callers and 403 for callers that are not platform admins. */
  public ApiUser requireAdmin() {
    requireAuthenticated();
    if (!admin) {
      throw RenkuException.forbidden(
          "You do not have the required permissions for this operation.");
    }
    return this;
  }
}
