// Package migrations holds the database schema as sql-migrate files, embedded
// so that the server binary can migrate its database without files beside it.
//
// Migrations are append-only: a change to the schema is a new file, never an
// edit to one that may already have run somewhere.
package migrations

import "embed"

// FS holds every migration file, named so that they sort in the order they run.
//
//go:embed *.sql
var FS embed.FS
