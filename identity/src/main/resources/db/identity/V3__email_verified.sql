-- Whether the account's e-mail address is known to belong to its holder. Self sign-up does not
-- check it (anyone can type another person's address), so such accounts are unverified; the
-- administrator created at the first start, whose address the operator chose, is verified.
ALTER TABLE accounts ADD COLUMN email_verified boolean NOT NULL DEFAULT false;
UPDATE accounts SET email_verified = true WHERE admin;
