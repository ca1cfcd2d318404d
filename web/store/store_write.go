package store

import (
	"database/sql"
	"encoding/json"
	"os"
	"time"

	"nianbao/internal/fsx"
)

// WriteBlob stores data under its digest sha (atomically, once); the blobs row is written with the version
// (addVersions).
func (s *Store) WriteBlob(sha string, data []byte) error {
	path := s.BlobPath(sha)
	if st, err := os.Stat(path); err == nil && st.Size() == int64(len(data)) {
		return nil
	}
	return fsx.WriteAtomic(path, data)
}

// AddVersions records checked files, stored already (writeBlob or PutBlob), as new versions of their
// units' submissions, with their facts, receipts and log lines, in one transaction; it sets each one's ID
// and SubmissionID.
func (s *Store) AddVersions(vs []*Version) error {
	if len(vs) == 0 {
		return nil
	}
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := Stamp(time.Now())
	for _, v := range vs {
		result, err := json.Marshal(v.File)
		if err != nil {
			return err
		}
		size := int64(-1)
		if st, err := os.Stat(s.BlobPath(v.SHA256)); err == nil {
			size = st.Size()
		}
		if _, err := tx.Exec(`INSERT INTO blobs(sha256, size, created) VALUES(?,?,?) ON CONFLICT DO NOTHING`,
			v.SHA256, size, now); err != nil {
			return err
		}
		key := unitKey(v.File.Unit, v.SHA256, v.File.Summary)
		if _, err := tx.Exec(`INSERT INTO submissions(year, unit_key, unit_code, unit_name) VALUES(?,?,?,?)
			ON CONFLICT(year, unit_key) DO NOTHING`, v.Year, key, v.File.Unit.Code, v.File.Unit.Name); err != nil {
			return err
		}
		if err := tx.QueryRow(`SELECT id FROM submissions WHERE year=? AND unit_key=?`, v.Year, key).Scan(&v.SubmissionID); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO versions(submission_id, year, sha256, name, modified, received, verdict, result)
			VALUES(?,?,?,?,?,?,?,?)`, v.SubmissionID, v.Year, v.SHA256, v.Name, Stamp(v.Modified), Stamp(v.Received),
			string(v.File.Verdict), string(result))
		if err != nil {
			return err
		}
		if v.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO receipts(version_id, batch) VALUES(?,?)`, v.ID, v.Batch); err != nil {
			return err
		}
		if err := putFacts(tx, v.ID, v.File); err != nil {
			return err
		}
		if err := logAct(tx, v.Year, BatchActor(v.Batch), "收到文件“"+v.Name+"”（"+string(v.File.Verdict)+"）", v.ID, unitLabel(v)); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		for _, v := range vs {
			v.ID, v.SubmissionID = 0, 0
		}
		return err
	}
	return nil
}

// UpdateResults replaces the stored check results and facts of versions (checked again), in one
// transaction.
func (s *Store) UpdateResults(vs []*Version) error {
	return s.inTx(func(tx *sql.Tx) error {
		for _, v := range vs {
			result, err := json.Marshal(v.File)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE versions SET verdict=?, result=? WHERE id=?`, string(v.File.Verdict), string(result), v.ID); err != nil {
				return err
			}
			if err := putFacts(tx, v.ID, v.File); err != nil {
				return err
			}
		}
		return nil
	})
}
