package domain

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"
)

// The bounds of an idempotency key.
const (
	// MaxIdempotencyKeyLength is the longest key, in characters.
	MaxIdempotencyKeyLength = 200
	// IdempotencyKeyTTL is how long a key is remembered.
	IdempotencyKeyTTL = 24 * time.Hour
)

// CheckIdempotencyKey returns a BAD_USER_INPUT error on idempotencyKey
// unless key is 1 to 200 characters of printable text.
func CheckIdempotencyKey(key string) error {
	n := utf8.RuneCountInString(key)
	if n == 0 || n > MaxIdempotencyKeyLength {
		return Invalid("idempotencyKey", fmt.Sprintf(
			"An idempotency key must be 1 to %d characters long; a UUID will do.", MaxIdempotencyKeyLength))
	}
	if !utf8.ValidString(key) {
		return Invalid("idempotencyKey", "An idempotency key must be valid UTF-8 text.")
	}
	for _, r := range key {
		if !unicode.IsPrint(r) {
			return Invalid("idempotencyKey", "An idempotency key must be printable text, without control characters.")
		}
	}
	return nil
}
