package store

import (
	"database/sql"
	"fmt"
	"time"

	"nianbao/batch"
	"nianbao/checks"
)

// explanations (出错说明) recorded in the page: the clerk (or, through its link, the unit) explains a
// warning of one version. They are rows of their own table, keyed by the warning's identity (its rule and
// the key of its cell, checks.ExplainKey; the finding id for a warning about the whole file), so that they
// still find their warning after the file is checked again (another previous-year source renumbers the
// findings). They are applied over the check result through batch.File.Explain, on top of what the unit
// wrote in the workbook's 校验 sheet; removing one brings back the workbook's own.

// ExplainKey names the warning an explanation belongs to.
func ExplainKey(f checks.Finding) string {
	if f.Key != "" {
		return checks.ExplainKey(f.Rule, f.Key)
	}
	return "id:" + f.ID
}

// explanations returns the explanations recorded for a version, by explainKey.
func (s *Store) explanations(id int64) (map[string]string, error) {
	return s.stringMap(`SELECT finding, text FROM explanations WHERE version_id=?`, id)
}

// stringMap runs a query of two text columns and returns the first column's values mapped to the second's.
func (s *Store) stringMap(q string, args ...any) (map[string]string, error) {
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// ExplanationEdit is one explanation to record (text non-empty) or remove, for the finding with an id.
type ExplanationEdit struct {
	ID, Key, Text string
}

// SetExplanations records and removes explanations of a version in one transaction, logging each.
func (s *Store) SetExplanations(v *Version, edits []ExplanationEdit, actor string) error {
	return s.inTx(func(tx *sql.Tx) error {
		now := Stamp(time.Now())
		for _, e := range edits {
			act := fmt.Sprintf("删除对 %s 的说明（文件“%s”）", e.ID, v.Name)
			var err error
			if e.Text == "" {
				_, err = tx.Exec(`DELETE FROM explanations WHERE version_id=? AND finding=?`, v.ID, e.Key)
			} else {
				act = fmt.Sprintf("说明 %s（文件“%s”）：%s", e.ID, v.Name, e.Text)
				_, err = tx.Exec(`INSERT INTO explanations(version_id, finding, text, at, actor) VALUES(?,?,?,?,?)
				ON CONFLICT(version_id, finding) DO UPDATE SET text=excluded.text, at=excluded.at, actor=excluded.actor`,
					v.ID, e.Key, e.Text, now, actor)
			}
			if err != nil {
				return err
			}
			if err := logAct(tx, v.Year, actor, act, v.ID, unitLabel(v)); err != nil {
				return err
			}
		}
		return nil
	})
}

// applyExplanations puts the explanations recorded for a version into its check result (over the
// workbook's own) and recomputes its verdict, as `check` gives it for a file with the same 说明.
func applyExplanations(f *batch.File, texts map[string]string) {
	if len(texts) == 0 {
		return
	}
	for _, fd := range f.Findings {
		if t, ok := texts[ExplainKey(fd)]; ok {
			f.Explain(fd.ID, t) // a finding that is no longer a warning keeps no explanation
		}
	}
}

// Explainers returns who recorded each explanation of a version in the page, by explainKey.
func (s *Store) Explainers(id int64) (map[string]string, error) {
	return s.stringMap(`SELECT finding, actor FROM explanations WHERE version_id=?`, id)
}

// Explained applies the recorded explanations of version id to a fresh check result of its file.
func (s *Store) Explained(id int64, f *batch.File) error {
	texts, err := s.explanations(id)
	if err == nil {
		applyExplanations(f, texts)
	}
	return err
}
