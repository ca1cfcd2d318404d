package store

import (
	"database/sql"
	"errors"
	"strings"
	"time"
)

// The clerk's acts on versions: a withdrawal takes a version out of the status and the summary (the file
// and the version stay, marked withdrawn); a choice makes one version count for its unit whatever the
// newest-first rule says. Both are rows of their own tables, so that they survive a restart, and every
// act is a line of the log.

// ActorClerk is the actor of every act done with the clerk's access (the page on this computer or the
// access token).
const ActorClerk = "办事员"

// LinkBatch starts the batch (Version.Batch) of an upload through a unit's link: "link:<code>:<random>".
// The clerk's batches start with "upload:", so a client cannot give one.
const LinkBatch = "link:"

// BatchActor names who sent the files of a batch, for the log: the unit of a link's upload, else the clerk.
func BatchActor(batch string) string {
	if rest, ok := strings.CutPrefix(batch, LinkBatch); ok {
		if code, _, ok := strings.Cut(rest, ":"); ok {
			return UnitActor(code)
		}
	}
	return ActorClerk
}

// UnitActor names a unit acting through its link, for the log.
func UnitActor(code string) string { return "单位 " + code }

// LogEntry is one line of a year's log: when, who, what.
type LogEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"time"`
	Actor   string    `json:"actor"`
	Act     string    `json:"act"`
	Version int64     `json:"version,omitempty"`
	Unit    string    `json:"unit,omitempty"`
}

func logAct(ex execer, year int, actor, act string, version int64, unit string) error {
	_, err := ex.Exec(`INSERT INTO log(year, at, actor, act, version_id, unit) VALUES(?,?,?,?,?,?)`,
		year, Stamp(time.Now()), actor, act, version, unit)
	return err
}

// Log returns the log of a year, oldest first.
func (s *Store) Log(year int) ([]LogEntry, error) {
	rows, err := s.db.Query(`SELECT id, at, actor, act, version_id, unit FROM log WHERE year=? ORDER BY id`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []LogEntry{}
	for rows.Next() {
		var e LogEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Act, &e.Version, &e.Unit); err != nil {
			return nil, err
		}
		e.At = ParseStamp(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ErrWithdrawn is returned when a withdrawn version is withdrawn or chosen.
var ErrWithdrawn = errors.New("version withdrawn")

// Withdraw marks a version withdrawn (dropping a choice of it) and logs the act.
func (s *Store) Withdraw(v *Version, actor string) error {
	return s.actOn(v, actor, "撤回文件“"+v.Name+"”", func(tx *sql.Tx, now string) error {
		if _, err := tx.Exec(`INSERT INTO withdrawals(version_id, at, actor) VALUES(?,?,?)`, v.ID, now, actor); err != nil {
			return err
		}
		_, err := tx.Exec(`DELETE FROM choices WHERE version_id=?`, v.ID)
		return err
	})
}

// Choose makes a version the one that counts for its unit and logs the act.
func (s *Store) Choose(v *Version, actor string) error {
	return s.actOn(v, actor, "选定文件“"+v.Name+"”为该单位采用的版本", func(tx *sql.Tx, now string) error {
		_, err := tx.Exec(`INSERT INTO choices(submission_id, version_id, at, actor) VALUES(?,?,?,?)
		ON CONFLICT(submission_id) DO UPDATE SET version_id=excluded.version_id, at=excluded.at, actor=excluded.actor`,
			v.SubmissionID, v.ID, now, actor)
		return err
	})
}

// actOn runs one act on a version that is not withdrawn, in one transaction with its log entry.
func (s *Store) actOn(v *Version, actor, what string, act func(tx *sql.Tx, now string) error) error {
	if v.Withdrawn != nil {
		return ErrWithdrawn
	}
	return s.inTx(func(tx *sql.Tx) error {
		if err := act(tx, Stamp(time.Now())); err != nil {
			return err
		}
		if err := logAct(tx, v.Year, actor, what, v.ID, unitLabel(v)); err != nil {
			return err
		}
		return nil
	})
}

// Reinstate takes back the withdrawal of a version received again, as a new receipt (it becomes the
// newest), and logs the act.
func (s *Store) Reinstate(v *Version, name, batch, actor string, now time.Time) error {
	err := s.inTx(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM withdrawals WHERE version_id=?`, v.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE versions SET received=? WHERE id=?`, Stamp(now), v.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO receipts(version_id, batch) VALUES(?,?)
		ON CONFLICT(version_id) DO UPDATE SET batch=excluded.batch`, v.ID, batch); err != nil {
			return err
		}
		if err := logAct(tx, v.Year, actor, "再次收到已撤回的文件“"+name+"”，恢复采用", v.ID, unitLabel(v)); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	v.Withdrawn, v.Received, v.Batch = nil, now, batch
	return nil
}

func unitLabel(v *Version) string {
	u := v.File.Unit
	switch {
	case u.Code != "" && u.Name != "":
		return u.Code + " " + u.Name
	case u.Code != "":
		return u.Code
	}
	return u.Name
}

// LogAct logs an act of actor in a year that no other change of the store records (a version id and
// unit label when it concerns one, else 0 and "").
func (s *Store) LogAct(year int, actor, act string, id int64, unit string) error {
	return logAct(s.db, year, actor, act, id, unit)
}
