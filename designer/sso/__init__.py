"""Designer single sign-on with OpenID Connect (authorization code flow, PKCE S256, state
and nonce). `provider` talks to the identity provider, `flow` holds the rules, `controller`
the two routes: /designer/sso/start and /designer/sso/callback. See docs/deploy.md."""
