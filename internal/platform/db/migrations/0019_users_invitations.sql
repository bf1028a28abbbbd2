-- Invitations to work for an entity (invitaciones): an entity's user
-- administrator who gives the NIF of a person who already has an account
-- does not link that account; he invites it. The membership exists only
-- after the person accepts, signed in. nif is the NIF the administrator
-- typed, the only thing about the person his entity's screens show until
-- then. state: pendiente, aceptada, rechazada, cancelada, caducada.
CREATE TABLE invitations (
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    id         TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    nif        TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('personal', 'admin', 'operador')),
    job_title  TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL CHECK (state IN ('pendiente', 'aceptada', 'rechazada', 'cancelada', 'caducada')),
    invited_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    closed_at  TIMESTAMP,
    closed_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_id, id)
);
CREATE UNIQUE INDEX invitations_id ON invitations (id);
-- One open invitation per person and entity.
CREATE UNIQUE INDEX invitations_pending ON invitations (entity_id, user_id) WHERE state = 'pendiente';
CREATE INDEX invitations_user ON invitations (user_id, state);
CREATE INDEX invitations_expiry ON invitations (state, expires_at);
