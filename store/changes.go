package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"consumption/domain"
)

// Announcing changes to records.
//
// Every write of a user's consumption records announces what it did with
// PostgreSQL's NOTIFY on RecordsChangedChannel, inside its own transaction:
// PostgreSQL delivers the notifications when the transaction commits and
// drops them when it rolls back, so listeners hear of committed changes
// only, in the order they committed, on every instance of the server. The
// store sends them itself rather than from a trigger, so that they come from
// the connection that runs the transaction wherever the table's rows live
// (a trigger on a distributed table would fire on the node that holds the
// shard, whose NOTIFY no server listens to).
//
// An announcement says little: the kind of change, the user and the
// records' ids, so that it stays far below NOTIFY's 8000-byte limit and a
// listener reads each record under its user's scope when it needs it. A
// bulk write names up to maxIDsPerAnnouncement records in each (a thousand
// records are five announcements).

// RecordsChangedChannel is the NOTIFY channel of changes to records.
const RecordsChangedChannel = "records_changed"

// maxIDsPerAnnouncement is the most record ids one announcement names:
// 200 ids of 37 bytes and the header are 7,440 bytes, under NOTIFY's 8000.
const maxIDsPerAnnouncement = 200

// The kinds of change, as announcements write them.
var kindLetters = map[domain.ChangeKind]byte{
	domain.ChangeCreated: 'C',
	domain.ChangeUpdated: 'U',
	domain.ChangeDeleted: 'D',
}

// RecordChanges is what one announcement says: changes of one kind to
// records of one user.
type RecordChanges struct {
	UserID uuid.UUID
	Kind   domain.ChangeKind
	IDs    []uuid.UUID
}

// recordWrites are the records one transaction created, updated and
// deleted, to be announced when it marks its write (markRecordsWritten).
type recordWrites struct {
	created, updated, deleted []uuid.UUID
}

// none says w changed no record.
func (w recordWrites) none() bool {
	return len(w.created) == 0 && len(w.updated) == 0 && len(w.deleted) == 0
}

// announcements returns the payloads that announce w for user: deletions
// first, then updates, then creations, the order in which the store writes
// them, so that a record's period freed by a deletion is not seen taken twice.
func (w recordWrites) announcements(user uuid.UUID) pq.StringArray {
	var out pq.StringArray
	for _, group := range []struct {
		kind domain.ChangeKind
		ids  []uuid.UUID
	}{{domain.ChangeDeleted, w.deleted}, {domain.ChangeUpdated, w.updated}, {domain.ChangeCreated, w.created}} {
		for start := 0; start < len(group.ids); start += maxIDsPerAnnouncement {
			ids := group.ids[start:min(start+maxIDsPerAnnouncement, len(group.ids))]
			var b strings.Builder
			b.Grow(2 + 37 + 37*len(ids))
			b.WriteByte(kindLetters[group.kind])
			b.WriteByte(' ')
			b.WriteString(user.String())
			b.WriteByte(' ')
			for i, id := range ids {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(id.String())
			}
			out = append(out, b.String())
		}
	}
	return out
}

// errBadAnnouncement is a payload on RecordsChangedChannel that the store
// did not write.
var errBadAnnouncement = errors.New("store: not an announcement of changed records")

// ParseRecordChanges reads the payload of a notification on
// RecordsChangedChannel.
func ParseRecordChanges(payload string) (RecordChanges, error) {
	letter, rest, ok := strings.Cut(payload, " ")
	if !ok || len(letter) != 1 {
		return RecordChanges{}, errBadAnnouncement
	}
	var c RecordChanges
	for kind, l := range kindLetters {
		if l == letter[0] {
			c.Kind = kind
		}
	}
	user, ids, ok := strings.Cut(rest, " ")
	if c.Kind == "" || !ok {
		return RecordChanges{}, errBadAnnouncement
	}
	var err error
	if c.UserID, err = uuid.Parse(user); err != nil {
		return RecordChanges{}, errBadAnnouncement
	}
	for s := range strings.SplitSeq(ids, ",") {
		id, err := uuid.Parse(s)
		if err != nil {
			return RecordChanges{}, errBadAnnouncement
		}
		c.IDs = append(c.IDs, id)
	}
	return c, nil
}

// markRecordsWritten counts a write of the scope's user in tx, as markWrite
// does, and announces the changes to records it made (see
// recordsWrittenStatement).
func (u userScope) markRecordsWritten(ctx context.Context, tx *sqlx.Tx, w recordWrites) error {
	if w.none() {
		return u.markWrite(ctx, tx)
	}
	stmt := u.recordsWrittenStatement(w)
	st, err := u.store.prepared(ctx, tx, stmt.SQL)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx, stmt.Args...); err != nil {
		return fmt.Errorf("store: announce changed records: %w", err)
	}
	return nil
}

// recordsWrittenSQL counts a write of the user ($1) and announces the
// changes to records ($2, their payloads). Both go in one statement, the
// last of the transaction, so that announcing costs a write no round trip
// to the database: the aggregate of the announcements is computed (and so
// every pg_notify called) before the count is written. It returns the
// count, so that it has a result to read in a transaction of one trip.
const recordsWrittenSQL = `
	WITH announced AS (
		SELECT count(*) FROM (SELECT pg_notify('` + RecordsChangedChannel + `', payload) FROM unnest($2::text[]) AS payload) AS sent
	)
	INSERT INTO user_write_marks (user_id, writes) SELECT $1, 1 FROM announced
	ON CONFLICT (user_id) DO UPDATE SET writes = user_write_marks.writes + 1
	RETURNING writes`

// recordsWrittenStatement returns the statement that counts the write w and
// announces its changes, which it has.
func (u userScope) recordsWrittenStatement(w recordWrites) Statement {
	return Statement{SQL: recordsWrittenSQL, writes: true, name: "records_written", Args: []any{u.userID, w.announcements(u.userID)}}
}
