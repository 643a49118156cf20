-- Consecutive failed logins per (normalized) email, known or not, so throttling holds
-- across nodes and says nothing about which emails have accounts.
CREATE TABLE login_failures (
    email TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);
