// Package domain holds what the consumption server is about, independent of
// GraphQL and SQL: calendar dates, exact amounts, the kinds of consumption and
// their units, the rules a record must follow, and the error type that carries
// a machine-readable code to the API.
package domain
