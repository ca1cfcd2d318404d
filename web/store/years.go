package store

import "time"

// Receipts count a year's files received since some time, and when the last came.
type Receipts struct {
	Files int
	Last  time.Time
}

// ReceivedSince returns, per year, the files received since a time.
func (s *Store) ReceivedSince(since time.Time) (map[int]Receipts, error) {
	rows, err := s.db.Query(`SELECT year, COUNT(*), MAX(received) FROM versions WHERE received >= ? GROUP BY year`, Stamp(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]Receipts{}
	for rows.Next() {
		var y int
		var r Receipts
		var at string
		if err := rows.Scan(&y, &r.Files, &at); err != nil {
			return nil, err
		}
		r.Last = ParseStamp(at)
		out[y] = r
	}
	return out, rows.Err()
}
