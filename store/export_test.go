package store

import "database/sql"

// DB returns the store's database, for tests that inspect or tamper with
// the tables.
func DB(s *Store) *sql.DB { return s.db }

// Q returns query with the store's placeholders.
func Q(s *Store, query string) string { return s.d.q(query) }
