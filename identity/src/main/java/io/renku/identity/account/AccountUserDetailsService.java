package io.renku.identity.account;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Form login against {@code identity.accounts}. The principal name is the username. */
@Component
public class AccountUserDetailsService implements UserDetailsService {
  private final AccountRepository accounts;

  public AccountUserDetailsService(AccountRepository accounts) {
    this.accounts = accounts;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    Account a =
        accounts
            .byUsername(username)
            .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    return User.withUsername(a.username())
        .password(a.passwordHash())
        .disabled(!a.enabled())
        .authorities(
            a.admin()
                ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER")))
        .build();
  }
}
