-- Whether the identity provider vouches for the user's e-mail address (token claim
-- "email_verified", Keycloak's "emailVerified"). Lookups by e-mail (GET /users?exact_email=, adding
-- members by address) only find verified addresses: anyone can sign up with someone else's address.
-- Existing rows start unverified; the next login or user synchronisation sets the flag.
ALTER TABLE users.users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;
