package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/model"
)

// The facts of a version: what the status and the summary need of a checked file beyond the stored result
// (versions.result, the batch.File JSON with unit, year, values and findings; versions.verdict), so that
// both are built from the store and no result is kept in memory between requests. A version recorded
// before facts were kept has no row: it is checked again from its stored file once, and its row written.
//
// One row per version in a table of its own (the schema grows by new tables and nullable columns only):
// counts and the first error (the status table's 说明), the report's table versions and covers (with
// the result's values, the report the summary sums), a summary workbook's member reports (its 明细 rows,
// values without zeros), and the contact of the 填报说明 sheet, read on first use (NULL until then).

// storedReport is a model.Report as the facts keep it: no sources, no zero values (a missing value reads
// as 0); a version's own report keeps no values at all, they are the result's.
type storedReport struct {
	Unit    model.Unit               `json:"unit"`
	Year    int                      `json:"year,omitempty"`
	Version model.Version            `json:"version,omitempty"`
	Tables  map[string]model.Version `json:"tables"`
	Values  map[string]float64       `json:"values,omitempty"`
	Covers  []string                 `json:"covers,omitempty"`
}

func storeReport(r *model.Report, values bool) storedReport {
	s := storedReport{Unit: r.Unit, Year: r.Year, Version: r.Version, Tables: r.Tables, Covers: r.Covers}
	if values {
		s.Values = NonZero(r.Values)
	}
	return s
}

func (s storedReport) report(values map[string]float64) *model.Report {
	if values == nil {
		values = s.Values
	}
	if values == nil {
		values = map[string]float64{}
	}
	if s.Tables == nil {
		s.Tables = map[string]model.Version{}
	}
	return &model.Report{Unit: s.Unit, Year: s.Year, Version: s.Version, Tables: s.Tables, Values: values, Covers: s.Covers}
}

// NonZero is values without its zeros.
func NonZero(values map[string]float64) map[string]float64 {
	out := make(map[string]float64)
	for k, v := range values {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

// FirstError is the message of a file's first error (where the clerk starts reading), "" when it has none.
func FirstError(fs []checks.Finding) string {
	for _, f := range fs {
		if f.Severity == checks.Error {
			return f.Message
		}
	}
	return ""
}

// execer is a database or a transaction, for statements that run in either.
type execer interface {
	Exec(string, ...any) (sql.Result, error)
}

// putFacts writes the facts of a version from its full check result (the report and members included).
// A result without its report that is not unreadable (a stored result read back, its findings changed)
// updates the counts and the first error only.
func putFacts(ex execer, id int64, f batch.File) error {
	counts, err := json.Marshal(checks.Count(f.Findings))
	if err != nil {
		return err
	}
	if f.Report == nil && f.Verdict != batch.Unreadable {
		_, err := ex.Exec(`UPDATE facts SET counts=?, first_error=? WHERE version_id=?`, string(counts),
			FirstError(f.Findings), id)
		return err
	}
	report, members := []byte("null"), []byte("[]")
	if f.Report != nil {
		if report, err = json.Marshal(storeReport(f.Report, false)); err != nil {
			return err
		}
	}
	if len(f.Members) > 0 {
		ms := make([]storedReport, len(f.Members))
		for i, m := range f.Members {
			ms[i] = storeReport(m, true)
		}
		if members, err = json.Marshal(ms); err != nil {
			return err
		}
	}
	_, err = ex.Exec(`INSERT INTO facts(version_id, counts, first_error, report, members) VALUES(?,?,?,?,?)
		ON CONFLICT(version_id) DO UPDATE SET counts=excluded.counts, first_error=excluded.first_error,
		report=excluded.report, members=excluded.members`,
		id, string(counts), FirstError(f.Findings), string(report), string(members))
	return err
}

// Counted returns the versions of a year that count (not withdrawn), by file name then id, each with its
// result as the summary needs it: findings, and the report and members from its facts, the values once,
// without zeros. Rows are decoded and compacted one at a time, so that a status request never holds every
// file's full result. missing lists the versions without facts (their results dropped: they are to be
// checked again).
func (s *Store) Counted(year int) (vs, missing []*Version, err error) {
	rows, err := s.db.Query(`SELECT `+versionCols+`, COALESCE(f.report, ''), COALESCE(f.members, ''),
		f.version_id IS NOT NULL `+versionFrom+` LEFT JOIN facts f ON f.version_id=v.id
		WHERE v.year=? AND w.at IS NULL ORDER BY v.name, v.id`, year)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var report, members string
		var has bool
		v, err := scanVersion(extraScan{rows, []any{&report, &members, &has}})
		if err != nil {
			return nil, nil, err
		}
		vs = append(vs, v)
		if !has {
			v.File = batch.File{Path: v.File.Path, Unit: v.File.Unit, Verdict: v.File.Verdict}
			missing = append(missing, v)
			continue
		}
		if err := v.attachFacts(report, members); err != nil {
			return nil, nil, err
		}
	}
	return vs, missing, rows.Err()
}

// extraScan scans a row's first columns as a version and the last ones into extra.
type extraScan struct {
	rows  *sql.Rows
	extra []any
}

func (e extraScan) Scan(dest ...any) error { return e.rows.Scan(append(dest, e.extra...)...) }

// FirstErrors gives, by version id, the first error of each version of a year that has facts and errors.
func (s *Store) FirstErrors(year int) (map[int64]string, error) {
	rows, err := s.db.Query(`SELECT f.version_id, f.first_error FROM facts f JOIN versions v ON v.id=f.version_id
		WHERE v.year=? AND f.first_error<>''`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var msg string
		if err := rows.Scan(&id, &msg); err != nil {
			return nil, err
		}
		out[id] = msg
	}
	return out, rows.Err()
}

// attachFacts sets v.File.Report and v.File.Members from the facts' JSON. The report takes the result's
// values without zeros, which the version no longer holds twice.
func (v *Version) attachFacts(report, members string) error {
	var r *storedReport
	var ms []storedReport
	if err := json.Unmarshal([]byte(report), &r); err != nil {
		return fmt.Errorf("web: facts of version %d: %w", v.ID, err)
	}
	if err := json.Unmarshal([]byte(members), &ms); err != nil {
		return fmt.Errorf("web: facts of version %d: %w", v.ID, err)
	}
	if r != nil {
		v.File.Report = r.report(NonZero(v.File.Values))
	}
	v.File.Values = nil
	v.File.Members = nil
	for _, m := range ms {
		v.File.Members = append(v.File.Members, m.report(nil))
	}
	return nil
}

// Contact is who filled a unit's report, as its 填报说明 sheet says (fields templates.FieldFiller and
// templates.FieldPhone of the form spec).
type Contact struct {
	Filler string `json:"filler,omitempty"`
	Phone  string `json:"phone,omitempty"`
}

// StoredContact returns the contact recorded for a version, ok false when it was never read.
func (s *Store) StoredContact(id int64) (c Contact, ok bool, err error) {
	var filler, phone sql.NullString
	err = s.db.QueryRow(`SELECT filler, phone FROM facts WHERE version_id=?`, id).Scan(&filler, &phone)
	if errors.Is(err, sql.ErrNoRows) {
		return Contact{}, false, nil
	}
	if err != nil || !filler.Valid {
		return Contact{}, false, err
	}
	return Contact{Filler: filler.String, Phone: phone.String}, true, nil
}

// SetContact records the contact read from a version's file (empty fields when it names none).
func (s *Store) SetContact(id int64, c Contact) error {
	_, err := s.db.Exec(`UPDATE facts SET filler=?, phone=? WHERE version_id=?`, strings.TrimSpace(c.Filler),
		strings.TrimSpace(c.Phone), id)
	return err
}
