package store

import (
	"database/sql"
	"fmt"
	"time"

	"nianbao/xlsx/annotate"
)

// Returns: the annotated copy of a unit's file with errors, sent back to the unit. Once it was downloaded
// (alone or in returns.zip) the unit is 已退回 with the date, until a newer file of it counts.

// MarkReturned records that the return copies of versions were handed out, and logs it once.
func (s *Store) MarkReturned(year int, vs []*Version, actor string) error {
	return s.inTx(func(tx *sql.Tx) error {
		now := Stamp(time.Now())
		for _, v := range vs {
			if _, err := tx.Exec(`INSERT INTO returns(version_id, at, actor) VALUES(?,?,?)
			ON CONFLICT(version_id) DO UPDATE SET at=excluded.at, actor=excluded.actor`, v.ID, now, actor); err != nil {
				return err
			}
		}
		var act string
		var id int64
		var unit string
		if len(vs) == 1 {
			act, id, unit = "下载退回件“"+annotate.Name(vs[0].Name)+"”", vs[0].ID, unitLabel(vs[0])
		} else {
			act = fmt.Sprintf("下载全部退回件（%d 个单位）", len(vs))
		}
		if err := logAct(tx, year, actor, act, id, unit); err != nil {
			return err
		}
		return nil
	})
}

// Returned gives, by version id, when the return copy of each returned version of a year was handed out.
func (s *Store) Returned(year int) (map[int64]time.Time, error) {
	rows, err := s.db.Query(`SELECT r.version_id, r.at FROM returns r JOIN versions v ON v.id=r.version_id WHERE v.year=?`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at string
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		out[id] = ParseStamp(at)
	}
	return out, rows.Err()
}
