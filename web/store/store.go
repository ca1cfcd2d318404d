// Package store is the data folder of `nianbao serve` (--data): one SQLite database (pure-Go
// modernc.org/sqlite) with the rosters, units, submissions, versions with their check results and facts,
// the clerk's acts and their log, explanations, returns, the units' links and settings, and the uploaded
// files byte for byte under files/<sha256>. It knows nothing of HTTP: package web serves it.
package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite: no cgo, so the binary cross-compiles for Windows

	"nianbao/model"
)

// Store is the workspace data kept in --data: an SQLite database (units, submissions, versions with
// their check results and facts, settings) and the uploaded files byte for byte under files/<sha256>.
type Store struct {
	db    *sql.DB
	dir   string
	links linkKey // the key of the units' links (links.go)
}

// Open opens (creating when needed) the store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dir, "files"), 0o755); err != nil {
		return nil, fmt.Errorf("无法创建数据文件夹 %s：%v", dir, err)
	}
	path := filepath.Join(dir, "nianbao.db")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)")
	if err != nil {
		return nil, fmt.Errorf("无法打开数据库 %s：%v", path, err)
	}
	db.SetMaxOpenConns(1) // one writer; SQLite serialises anyway and this avoids SQLITE_BUSY
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("无法打开数据库 %s：%v", path, err)
	}
	return &Store{db: db, dir: dir}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Stamp is how the store writes a time: UTC, RFC 3339 with nanoseconds.
func Stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// ParseStamp reads a time written by Stamp, in local time (the zero time when it cannot).
func ParseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t.Local()
}

// RosterInfo says where a year's roster came from.
type RosterInfo struct {
	Name    string    `json:"name"`
	SHA256  string    `json:"sha256,omitempty"`
	Updated time.Time `json:"updated"`
}

// Roster returns the roster of a year, or nil when none was uploaded.
func (s *Store) Roster(year int) (*model.Roster, *RosterInfo, error) {
	var info RosterInfo
	var updated string
	err := s.db.QueryRow(`SELECT name, sha256, updated FROM rosters WHERE year=?`, year).Scan(&info.Name, &info.SHA256, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	info.Updated = ParseStamp(updated)
	rows, err := s.db.Query(`SELECT code, name, parent, category, row FROM units WHERE year=? ORDER BY pos`, year)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	r := &model.Roster{}
	for rows.Next() {
		var u model.RosterUnit
		if err := rows.Scan(&u.Code, &u.Name, &u.Parent, &u.Category, &u.Row); err != nil {
			return nil, nil, err
		}
		r.Units = append(r.Units, u)
	}
	return r, &info, rows.Err()
}

// RosterName returns the name of the unit of code in the year's roster: ok is false when the year has a
// roster without that unit, and name is "" with ok true when the year has no roster. One row is read,
// where Roster reads every unit (a unit's link checks its unit on every request).
func (s *Store) RosterName(year int, code string) (name string, ok bool, err error) {
	var n sql.NullString
	err = s.db.QueryRow(`SELECT u.name FROM rosters r LEFT JOIN units u ON u.year=r.year AND u.code=?
		WHERE r.year=? ORDER BY u.pos LIMIT 1`, code, year).Scan(&n)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", true, nil
	case err != nil:
		return "", false, err
	}
	return n.String, n.Valid, nil
}

// inTx runs do in one transaction, committed when do returns nil and rolled back otherwise.
func (s *Store) inTx(do func(tx *sql.Tx) error) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := do(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// SetRoster replaces the roster of a year, and logs it as an act of actor; sha is the stored file it came
// from ("" when edited on the page).
func (s *Store) SetRoster(year int, r *model.Roster, name, sha, actor string) error {
	return s.inTx(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM units WHERE year=?`, year); err != nil {
			return err
		}
		for i, u := range r.Units {
			if _, err := tx.Exec(`INSERT INTO units(year, pos, code, name, parent, category, row) VALUES(?,?,?,?,?,?,?)`,
				year, i, u.Code, u.Name, u.Parent, u.Category, u.Row); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO rosters(year, name, sha256, updated) VALUES(?,?,?,?)
		ON CONFLICT(year) DO UPDATE SET name=excluded.name, sha256=excluded.sha256, updated=excluded.updated`,
			year, name, sha, Stamp(time.Now())); err != nil {
			return err
		}
		return logAct(tx, year, actor, fmt.Sprintf("使用名单“%s”（%d 个单位）", name, len(r.Units)), 0, "")
	})
}

// Names of the settings of a year (Setting, SetSetting).
const (
	// SettingPrevious is the year's previous-year source for cross-year checks and carried-over templates.
	SettingPrevious = "previous"
	// SettingRegion is the region's name (汇总范围) of the year's summary, as `summary --region`; unset, the
	// summary takes summary.RegionName of the roster (its single top unit without the office suffix).
	SettingRegion = "region"
)

// Setting returns a setting of a year's workspace, "" when unset.
func (s *Store) Setting(year int, name string) (string, error) {
	var v string
	err := s.db.QueryRow(`SELECT value FROM settings WHERE year=? AND name=?`, year, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores a setting of a year's workspace.
func (s *Store) SetSetting(year int, name, value string) error {
	return setSetting(s.db, year, name, value)
}

// SetSettingAs is SetSetting logged as act of actor, in the same transaction.
func (s *Store) SetSettingAs(year int, name, value, actor, act string) error {
	return s.inTx(func(tx *sql.Tx) error {
		if err := setSetting(tx, year, name, value); err != nil {
			return err
		}
		return logAct(tx, year, actor, act, 0, "")
	})
}

func setSetting(ex execer, year int, name, value string) error {
	_, err := ex.Exec(`INSERT INTO settings(year, name, value) VALUES(?,?,?)
		ON CONFLICT(year, name) DO UPDATE SET value=excluded.value`, year, name, value)
	return err
}

// Years lists the years that have a roster or a submission, newest first.
func (s *Store) Years() ([]int, error) {
	rows, err := s.db.Query(`SELECT year FROM rosters UNION SELECT year FROM versions ORDER BY year DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// unitKey is what groups the versions of one unit into a submission: its code, else its name, else (an
// unreadable file) the file itself. A summary workbook is a submission of its own (下级汇总表), apart
// from its unit's own report.
func unitKey(u model.Unit, sha string, isSummary bool) string {
	if isSummary {
		return "summary:" + unitKey(u, sha, false)
	}
	switch {
	case strings.TrimSpace(u.Code) != "":
		return "code:" + strings.TrimSpace(u.Code)
	case strings.TrimSpace(u.Name) != "":
		return "name:" + model.Normalize(u.Name)
	}
	return "file:" + sha
}
