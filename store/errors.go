package store

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"consumption/domain"
)

// Errors the store returns for its callers to act on. Anything else it returns
// is unexpected and wrapped with where it happened.
var (
	// ErrNotFound means no row matched, whether it does not exist or belongs
	// to someone else: the two are never told apart.
	ErrNotFound = errors.New("store: not found")
	// ErrEmailTaken means an account with the email already exists.
	ErrEmailTaken = errors.New("store: email taken")
	// ErrUnavailable means the database could not be reached or is shutting
	// down; the request may succeed if tried again.
	ErrUnavailable = errors.New("store: database unavailable")
	// ErrTimeout means a statement ran past its time limit and was cancelled.
	ErrTimeout = errors.New("store: statement timeout")
	// ErrBusy means every connection stayed in use for as long as a
	// transaction may wait for one; the request may succeed if tried again.
	ErrBusy = errors.New("store: every database connection is busy")
	// ErrIdempotencyKeyReused means an idempotency key was taken before by
	// a request that asked something else.
	ErrIdempotencyKeyReused = errors.New("store: idempotency key reused for another request")
	// ErrDerivedRecord means a record derived from a meter's readings was
	// to be changed or deleted as a record: only its readings change it.
	ErrDerivedRecord = errors.New("store: record derived from a meter")
	// ErrTooManyMeters means the user has domain.MaxMeters meters already.
	ErrTooManyMeters = errors.New("store: too many meters")
	// ErrTooManyAPITokens means the user has as many API tokens as allowed.
	ErrTooManyAPITokens = errors.New("store: too many API tokens")
	// ErrIdempotencyKeyExpired means an idempotency key expired and was
	// forgotten while the request that sent it again ran.
	ErrIdempotencyKeyExpired = errors.New("store: idempotency key expired meanwhile")
)

// OverlapError is a write the database refused because a record's period
// overlaps that of another record of the same type.
type OverlapError struct {
	// Index is the position of the record at fault among those written,
	// or -1 when the record it overlapped was deleted before it could be
	// found.
	Index int
	// ID, Type, PeriodStart and PeriodEnd are those of the stored record
	// it overlaps; ID is uuid.Nil when that record is gone.
	ID          uuid.UUID
	Type        domain.Type
	PeriodStart domain.Date
	PeriodEnd   domain.Date
	// MeterID and MeterName are those of the meter the stored record was
	// derived from, when it was.
	MeterID   *uuid.UUID
	MeterName string
}

func (e *OverlapError) Error() string {
	return fmt.Sprintf("store: record %d overlaps record %s", e.Index, e.ID)
}

// PostgreSQL error codes the store acts on.
// See https://www.postgresql.org/docs/current/errcodes-appendix.html.
const (
	codeUniqueViolation    = "23505"
	codeForeignKey         = "23503"
	codeExclusionViolation = "23P01"
	codeQueryCanceled      = "57014"
	codeDeadlockDetected   = "40P01"
	codeSerialization      = "40001"
	codeAdminShutdown      = "57P01"
	codeCrashShutdown      = "57P02"
	codeCannotConnectNow   = "57P03"
	codeTooManyConnections = "53300"
	// A prepared statement that does not exist, one whose result changed
	// since it was prepared ("cached plan must not change result type",
	// under a code of its own), and one prepared twice under a name.
	codeNoPreparedStatement        = "26000"
	codeStalePreparedStatement     = "0A000"
	codeDuplicatePreparedStatement = "42P05"
)

// isExclusionViolation reports whether err is a refusal by an exclusion
// constraint, such as two overlapping records of one type.
func isExclusionViolation(err error) bool {
	return pqCode(err) == codeExclusionViolation
}

// exclusionConstraint returns the name of the exclusion constraint that
// refused err, or "" when err is no such refusal.
func exclusionConstraint(err error) string {
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != codeExclusionViolation {
		return ""
	}
	if pqErr.Constraint != "" {
		return pqErr.Constraint
	}
	// A Citus coordinator passes on a worker's message without its fields.
	_, quoted, ok := strings.Cut(pqErr.Message, `"`)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(quoted, `"`)
	return unsharded(name)
}

// unsharded returns the name of a constraint as the schema names it. A
// Citus worker names the constraint of the shard: the name followed by an
// underscore and the shard's number, which no constraint of the schema ends
// with.
func unsharded(constraint string) string {
	i := strings.LastIndexByte(constraint, '_')
	if i < 0 || i == len(constraint)-1 {
		return constraint
	}
	for _, c := range constraint[i+1:] {
		if c < '0' || c > '9' {
			return constraint
		}
	}
	return constraint[:i]
}

// isRetryable reports whether PostgreSQL aborted a transaction that may
// succeed when tried again.
func isRetryable(err error) bool {
	code := pqCode(err)
	return code == codeDeadlockDetected || code == codeSerialization
}

// isUniqueViolation reports whether err is a refusal by a unique index.
func isUniqueViolation(err error) bool {
	return pqCode(err) == codeUniqueViolation
}

func pqCode(err error) string {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return string(pqErr.Code)
	}
	return ""
}

// translate marks errors that mean the database is out of reach, so that
// callers can answer them as such. It keeps the original error wrapped for
// the log.
func translate(err error) error {
	if err == nil {
		return nil
	}
	switch pqCode(err) {
	case codeAdminShutdown, codeCrashShutdown, codeCannotConnectNow, codeTooManyConnections:
		return errors.Join(ErrUnavailable, err)
	case codeQueryCanceled:
		// The server cancelled the statement: the statement timeout, since
		// a cancelled context is reported as the context's error instead.
		return errors.Join(ErrTimeout, err)
	}
	if connectionLost(err) {
		return errors.Join(ErrUnavailable, err)
	}
	return err
}

// connectionLost reports whether err means the connection to PostgreSQL
// failed or broke, rather than PostgreSQL refusing a statement.
func connectionLost(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// MeterOverlapError is a meter the database refused because its time in
// service overlaps that of another meter of the same type.
type MeterOverlapError struct {
	// ID, Name, InstalledOn and RemovedOn are those of the other meter; ID
	// is uuid.Nil when it was deleted before it could be found.
	ID          uuid.UUID
	Name        string
	InstalledOn domain.Date
	RemovedOn   *domain.Date
}

func (e *MeterOverlapError) Error() string {
	return fmt.Sprintf("store: meter in service at the same time as meter %s", e.ID)
}

// MeterNotFoundError is a change of readings that names a meter the user
// does not have (missing, or another user's: never told apart).
type MeterNotFoundError struct {
	ID uuid.UUID
}

func (e *MeterNotFoundError) Error() string { return fmt.Sprintf("store: meter %s not found", e.ID) }

// Is makes a *MeterNotFoundError an ErrNotFound too.
func (e *MeterNotFoundError) Is(target error) bool { return target == ErrNotFound }
