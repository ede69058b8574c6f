-- Revoked sign-in tokens, folded from the registry's account events by every service
-- (thidua_kernel.revocations): an account's tokens issued before `revoked_before`, and single
-- tokens by jti until they expire.
CREATE TABLE IF NOT EXISTS revoked_accounts (
    username        text PRIMARY KEY,
    revoked_before  timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS revoked_tokens (
    jti         text PRIMARY KEY,
    username    text NOT NULL,
    expires_at  timestamptz NOT NULL
);
