package directory

// The joins of this file let a module's list filter or sort its own rows by
// a column of the entity or the person they belong to in the same query, so
// its page stays one query. Through the alias a module may name only these
// columns: of an entity, id, kind, name, search_text (the name without case
// or accents) and ine_code; of a person, id, name (the given name),
// surname1, surname2 and email. A list that only shows names reads them
// with EntitiesByIDs or PeopleByIDs instead.

// JoinEntity joins, as alias, the entity whose id is the expression id:
// e.g. JoinEntity("e", "a.entity_id").
func JoinEntity(alias, id string) string {
	return " JOIN entities " + alias + " ON " + alias + ".id = " + id
}

// JoinPerson joins, as alias, the person whose id is the expression id:
// e.g. JoinPerson("u", "t.user_id").
func JoinPerson(alias, id string) string {
	return " JOIN users " + alias + " ON " + alias + ".id = " + id
}
