package db

// ExpandStatement lets the external tests create a search index on a table
// of their own, as a migration's CREATE SEARCH INDEX does.
var ExpandStatement = expandStatement
