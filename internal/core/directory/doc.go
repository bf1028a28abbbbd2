// Package directory is the read-only directory of the core records every
// module needs: the entity (entidad local, type Entity), the person (a user
// of the platform, type Person), the people who work for each entity
// (Member, and the mancomunidades' TIC operators, Operator) and the
// adhesions of the entities to the services of the catalogue. It holds the
// look-ups the modules make, so no module names the tables of entities,
// users, memberships, grants or adhesions in its own SQL (TestTableOwnership
// in internal/app checks it). A list that filters or sorts its own rows by
// an entity's or a person's column joins it with JoinEntity or JoinPerson,
// and stays one query. The records also give the forms of their names
// that pages write: an entity's name with its Spanish article (Entity.Of:
// "del Ayuntamiento de Cáceres"), a person's full name (Person.Name) and
// short name (Person.ShortName).
//
// It also holds the adhesion rule, in one place: an entity works with a
// service, and its users' roles of that service count, only while it has an
// active adhesion to it (ActiveAdhesion, and the look-ups built on it).
//
// The tables belong to the modules that write them (entities, adhesions,
// users); the directory only reads them and never writes.
package directory
