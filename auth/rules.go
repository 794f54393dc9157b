package auth

import (
	"bufio"
	_ "embed"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"consumption/domain"
)

// The limits on emails and passwords.
const (
	MaxEmailLength    = 254
	MinPasswordLength = 12  // characters
	MaxPasswordBytes  = 256 // bytes; longer passwords are refused, never truncated
)

//go:embed common_passwords.txt
var commonPasswordList string

var commonPasswords = func() map[string]bool {
	set := make(map[string]bool, 11000)
	sc := bufio.NewScanner(strings.NewReader(commonPasswordList))
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			set[line] = true
		}
	}
	return set
}()

// NormalizeEmail trims and lower-cases an email address and checks that it
// is a plain, valid address of at most 254 characters.
func NormalizeEmail(s string) (string, error) {
	email := strings.ToLower(strings.TrimSpace(s))
	switch {
	case email == "":
		return "", domain.Invalid("email", "An email address is required.")
	case len(email) > MaxEmailLength:
		return "", domain.Invalid("email", fmt.Sprintf("An email address may be at most %d characters long.", MaxEmailLength))
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" || !strings.Contains(email[strings.LastIndex(email, "@"):], ".") {
		return "", domain.Invalid("email", "This is not a valid email address.")
	}
	return email, nil
}

// CheckNewPassword applies the rules for a new password of the account with
// the given (normalized) email: 12 characters or more, 256 bytes or fewer,
// not among the most common passwords, and not containing the email's name.
// There are no rules on which kinds of characters it must contain.
func CheckNewPassword(password, email string) error {
	if err := checkPasswordSize(password); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(password); n < MinPasswordLength {
		return domain.Invalid("password", fmt.Sprintf(
			"The password must be at least %d characters long; this one has %d.", MinPasswordLength, n))
	}
	lower := strings.ToLower(password)
	if isCommonPassword(lower) {
		return domain.Invalid("password", "This password is among the most commonly used ones, which attackers try first; choose another.")
	}
	if name, _, _ := strings.Cut(email, "@"); len(name) >= 3 && strings.Contains(lower, name) {
		return domain.Invalid("password", fmt.Sprintf("The password must not contain your email's name (%q).", name))
	}
	return nil
}

// checkPasswordSize refuses passwords that are not text or are too long to
// hash; it applies to every password the server receives.
func checkPasswordSize(password string) error {
	switch {
	case len(password) > MaxPasswordBytes:
		return domain.Invalid("password", fmt.Sprintf("The password may be at most %d bytes long.", MaxPasswordBytes))
	case !utf8.ValidString(password):
		return domain.Invalid("password", "The password must be valid UTF-8 text.")
	}
	return nil
}

// isCommonPassword reports whether a lower-cased password is a common one,
// or a common one with digits and symbols around it ("password123456!"), or a
// single character repeated.
func isCommonPassword(lower string) bool {
	if commonPasswords[lower] {
		return true
	}
	core := strings.TrimFunc(lower, func(r rune) bool {
		return r < utf8.RuneSelf && !('a' <= r && r <= 'z')
	})
	if core == "" || (utf8.RuneCountInString(core) >= 4 && commonPasswords[core]) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(lower)
	return strings.Trim(lower, string(first)) == ""
}
