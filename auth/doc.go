// Package auth signs people in: it hashes and checks passwords, enforces the
// password and email rules, throttles failed logins, and issues and verifies
// access tokens and rotating refresh tokens.
package auth
