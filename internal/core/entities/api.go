package entities

// What other modules use of the register of entities: the permission to
// see an entity, which they ask the access layer for (the users module,
// before listing a person's other entities). The records themselves are
// read through internal/core/directory.

import "concejo/internal/platform/access"

// PermRead lets see an entity: its members, the mancomunidad operators
// serving it and Diputación staff. Any other entity is not found.
const PermRead access.Permission = "entities:read"
