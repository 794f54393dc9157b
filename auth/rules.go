package auth

import (
	"bufio"
	_ "embed"
	"fmt"
	"net"
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"

	"consumption/domain"
)

// The limits on emails and passwords.
const (
	MaxEmailLength    = 254
	MinPasswordLength = 15  // characters, for a new password; older ones still sign in
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

// NormalizeEmail returns the form in which an email address is stored and
// compared: trimmed, in Unicode normalization form C (so that "é" typed as
// one character or as "e" and an accent is one address), lower-cased. It
// refuses anything but a plain, valid address of at most 254 characters
// whose domain is a DNS name, and addresses that could pass for another:
// invisible and control characters (zero-width spaces, bidi controls), and
// letters of scripts mixed as no language mixes them (a Cyrillic "а" among
// Latin letters).
func NormalizeEmail(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errNotAnEmail
	}
	email := canonicalEmail(s)
	switch {
	case email == "":
		return "", domain.Invalid("email", "An email address is required.")
	case utf8.RuneCountInString(email) > MaxEmailLength:
		return "", domain.Invalid("email", fmt.Sprintf("An email address may be at most %d characters long.", MaxEmailLength))
	case strings.IndexFunc(email, invisible) >= 0:
		return "", domain.Invalid("email", "An email address may not contain spaces, invisible or control characters.")
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" {
		return "", errNotAnEmail
	}
	at := strings.LastIndexByte(email, '@')
	local, host := email[:at], email[at+1:]
	if err := checkEmailDomain(host); err != nil {
		return "", err
	}
	for _, part := range append([]string{local}, strings.Split(host, ".")...) {
		if !singleScript(part) {
			return "", domain.Invalid("email", "An email address may not mix the letters of different scripts, such as Latin and Cyrillic, "+
				"which makes it look like another address.")
		}
	}
	return email, nil
}

var errNotAnEmail = domain.Invalid("email", "This is not a valid email address.")

// canonicalEmail applies the transformations of NormalizeEmail without its
// checks: trimming, NFC and lower case. Lower-casing may take a string out
// of NFC, hence the second pass.
func canonicalEmail(s string) string {
	return norm.NFC.String(strings.ToLower(norm.NFC.String(strings.TrimSpace(s))))
}

// invisible reports whether r shows as nothing, or as a space, or changes
// how the characters around it show: controls, format characters (zero-width
// spaces and joiners, bidi controls), spaces of every kind, variation
// selectors and the other default-ignorable characters, and private-use
// characters, whose look no standard defines.
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.IsSpace(r) ||
		unicode.In(r, unicode.Cf, unicode.Co, unicode.Z, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}

// checkEmailDomain refuses a domain that is not a DNS name of at least two
// labels: IP addresses, with or without brackets, and names that IDNA2008
// does not allow to be registered (such as ones written in full-width
// letters) included.
func checkEmailDomain(host string) error {
	ascii, err := idna.Registration.ToASCII(host)
	if err != nil || !strings.Contains(ascii, ".") {
		if strings.HasPrefix(host, "[") || net.ParseIP(host) != nil {
			return errIPDomain
		}
		return errNotAnEmail
	}
	labels := strings.Split(ascii, ".")
	for _, label := range labels {
		if label == "" || strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return errNotAnEmail
		}
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		// A top-level domain is never all digits: this is an IPv4 address.
		return errIPDomain
	}
	return nil
}

var errIPDomain = domain.Invalid("email", "An email address must have a domain name such as example.com, not an IP address.")

// singleScript reports whether the letters of s are of one script, or of
// scripts that one language writes together (Japanese, Chinese and Korean
// with Latin), as Unicode's "highly restrictive" level of UTS #39 allows.
// Digits, punctuation and marks belong to every script.
func singleScript(s string) bool {
	var scripts []string
	for _, r := range s {
		if name := scriptOf(r); name != "" && !slices.Contains(scripts, name) {
			scripts = append(scripts, name)
		}
	}
	if len(scripts) <= 1 {
		return true
	}
	for _, allowed := range scriptSets {
		if subset(scripts, allowed) {
			return true
		}
	}
	return false
}

// scriptSets are the sets of scripts that may be mixed in one address.
var scriptSets = [][]string{
	{"Latin", "Han", "Hiragana", "Katakana"},
	{"Latin", "Han", "Bopomofo"},
	{"Latin", "Han", "Hangul"},
}

func subset(a, b []string) bool {
	for _, s := range a {
		if !slices.Contains(b, s) {
			return false
		}
	}
	return true
}

// scriptOf returns the name of the script of letter r, or "" for characters
// of every script (Common, Inherited) and for what is not a letter.
func scriptOf(r rune) string {
	if !unicode.IsLetter(r) {
		return ""
	}
	if r < utf8.RuneSelf || unicode.Is(unicode.Latin, r) {
		return "Latin"
	}
	for name, table := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(table, r) {
			return name
		}
	}
	return ""
}

// CheckNewPassword applies the rules for a new password of the account with
// the given (normalized) email: 15 characters or more, as NIST SP 800-63B-4
// asks of a password that is the only factor, 256 bytes or fewer,
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
