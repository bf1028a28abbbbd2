-- OpenID Connect provider (module oidc): the back-channel logout endpoint
-- of each application (OpenID Connect Back-Channel Logout 1.0). Empty when
-- the application does not receive logout tokens.
ALTER TABLE oidc_clients ADD COLUMN backchannel_logout_uri TEXT NOT NULL DEFAULT '';
CREATE INDEX oidc_tokens_session ON oidc_tokens (session_hash);
